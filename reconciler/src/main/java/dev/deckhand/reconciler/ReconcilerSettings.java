package dev.deckhand.reconciler;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How reconcile passes are triggered and bounded ({@code deckhand.reconciler.*}).
 *
 * @param mode          {@code once}: one pass, then exit (a Kubernetes CronJob); {@code daemon}: a pass every interval
 * @param interval      daemon period, and the budget of each daemon pass
 * @param budget        how long a run-once pass may start writes; keep it below the CronJob's
 *                      {@code activeDeadlineSeconds} so that the pass stops itself before Kubernetes kills it
 * @param lambdaMargin  time a Lambda pass leaves unused of its invocation's remaining time, for the writes in
 *                      flight to finish, the lease to be released and the summary to be returned
 * @param leaseName     the Lease (in {@code deckhand.agent.namespace}) that keeps overlapping passes apart
 * @param leaseDuration how long a pass holds the lease without renewing it; a pass that dies holding it blocks
 *                      the others this long at most. Renewed every third of it while a pass runs.
 */
@ConfigurationProperties("deckhand.reconciler")
public record ReconcilerSettings(
        @Bindable(defaultValue = "once") Mode mode,
        @Bindable(defaultValue = "30s") Duration interval,
        @Bindable(defaultValue = "50s") Duration budget,
        @Bindable(defaultValue = "5s") Duration lambdaMargin,
        @Bindable(defaultValue = "deckhand-reconciler") String leaseName,
        @Bindable(defaultValue = "30s") Duration leaseDuration) {

    public enum Mode {
        ONCE, DAEMON
    }

    /**
     * The budget of a Lambda pass given the invocation's remaining time: all of it but the margin, and never
     * less than half of it, so that a function configured with a timeout shorter than the margin still works.
     */
    public Duration lambdaBudget(Duration remaining) {
        Duration withMargin = remaining.minus(lambdaMargin);
        Duration half = remaining.dividedBy(2);
        return withMargin.compareTo(half) > 0 ? withMargin : half;
    }
}
