package dev.deckhand.cluster.failures;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How a reconcile pass treats what the API server keeps refusing ({@code deckhand.reconciler.failures.*}).
 *
 * @param writeBudget   failing writes one pass (or one {@code GET /update/monitor}) may send; once spent, the writes
 *                      not yet started are skipped and reported, so a full service range, a quota or an admission
 *                      webhook costs the API server this many refused requests per pass, not one per object
 * @param giveUpAfter   consecutive passes an object's step may fail the same way (same HTTP status and message)
 *                      before it ends {@code failed}: a prewarm task gets that status with the API server's words, an
 *                      object the reconciler writes is reported as failed and retried only every {@code maxBackoff}
 * @param backoff       how long an object whose write was refused is left alone after its first failure; doubled
 *                      with each further one, as Kubernetes controllers' rate-limited work queues do
 * @param maxBackoff    the longest it is left alone
 */
@ConfigurationProperties("deckhand.reconciler.failures")
public record FailurePolicy(
        @Bindable(defaultValue = "20") int writeBudget,
        @Bindable(defaultValue = "5") int giveUpAfter,
        @Bindable(defaultValue = "30s") Duration backoff,
        @Bindable(defaultValue = "15m") Duration maxBackoff) {

    public FailurePolicy {
        if (writeBudget < 1 || giveUpAfter < 1) {
            throw new IllegalArgumentException("deckhand.reconciler.failures.write-budget and .give-up-after must be at least 1");
        }
    }

    public static FailurePolicy defaults() {
        return new FailurePolicy(20, 5, Duration.ofSeconds(30), Duration.ofMinutes(15));
    }

    /** How long to leave an object alone after its {@code failures}-th consecutive failure. */
    public Duration delayAfter(int failures) {
        Duration delay = backoff;
        for (int i = 1; i < failures && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
