package dev.deckhand.reconciler;

import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived mode: a pass every {@code deckhand.reconciler.interval} (default 30 s). Created with the
 * context ({@code @Context}) so that its Kubernetes client is built at start-up on the main thread, not
 * lazily on the scheduler's thread while the first requests build it too.
 */
@Context
@Requires(property = "deckhand.reconciler.mode", value = "daemon")
public class ScheduledReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledReconciler.class);

    private final ReconcilePass pass;

    public ScheduledReconciler(ReconcilePass pass) {
        this.pass = pass;
    }

    @Scheduled(fixedDelay = "${deckhand.reconciler.interval:30s}", initialDelay = "${deckhand.reconciler.initial-delay:1s}")
    void tick() {
        try {
            PassSummary summary = pass.run();
            if (summary.nodeAgents().writes() > 0 || !summary.converged()) {
                LOG.info("reconcile pass: {}", summary.describe());
            } else {
                LOG.debug("reconcile pass: {}", summary.describe());
            }
        } catch (ClusterUnavailableException | ClusterRequestException e) {
            LOG.warn("reconcile pass skipped: {}", e.getMessage());
        }
    }
}
