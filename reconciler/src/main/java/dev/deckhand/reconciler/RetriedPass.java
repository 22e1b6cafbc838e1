package dev.deckhand.reconciler;

import dev.deckhand.cluster.ClusterUnavailableException;
import io.micronaut.retry.annotation.Retryable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The daemon's pass, retried with exponential backoff while the API server cannot be reached: after
 * {@code deckhand.reconciler.retry.delay} (default 2 s), then twice as long each time, {@code .attempts} times
 * (default 8, about eight and a half minutes in all), so a cluster that is down is not hammered every interval.
 * The pass itself converges whatever it was interrupted by, so a retry simply starts again.
 */
@Singleton
public class RetriedPass {

    private static final Logger LOG = LoggerFactory.getLogger(RetriedPass.class);

    private final ReconcilePass pass;

    public RetriedPass(ReconcilePass pass) {
        this.pass = pass;
    }

    @Retryable(includes = ClusterUnavailableException.class,
            attempts = "${deckhand.reconciler.retry.attempts:8}",
            delay = "${deckhand.reconciler.retry.delay:2s}",
            multiplier = "2")
    public PassSummary run(Duration budget) {
        try {
            return pass.run(budget);
        } catch (ClusterUnavailableException e) {
            LOG.warn("reconcile pass failed, retrying with backoff: {}", e.getMessage());
            throw e;
        }
    }
}
