package dev.deckhand.reconciler;

import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived mode: a pass every {@code deckhand.reconciler.interval} (default 30 s), each with the interval
 * as its budget. Created with the context ({@code @Context}) so that its Kubernetes client is built at start-up
 * on the main thread, not lazily on the scheduler's thread while the first requests build it too. While the API
 * server cannot be reached, a tick retries its pass with exponential backoff ({@link RetriedPass}) before the next
 * tick starts again.
 */
@Context
@Requires(property = "deckhand.reconciler.mode", value = "daemon")
public class ScheduledReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledReconciler.class);

    private final RetriedPass pass;
    private final ReconcilerSettings settings;

    public ScheduledReconciler(RetriedPass pass, ReconcilerSettings settings) {
        this.pass = pass;
        this.settings = settings;
    }

    @Scheduled(fixedDelay = "${deckhand.reconciler.interval:30s}", initialDelay = "${deckhand.reconciler.initial-delay:1s}")
    void tick() {
        try {
            PassSummary summary = pass.run(settings.interval());
            if (summary.converged() && !summary.wroteAnything()) {
                LOG.debug("reconcile pass: {}", summary.describe());
            } else {
                LOG.info("reconcile pass: {}", summary.describe());
            }
        } catch (ClusterUnavailableException | ClusterRequestException e) {
            LOG.warn("reconcile pass given up until the next interval: {}", e.getMessage());
        }
    }
}
