package dev.deckhand.cleanup;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What one cleanup pass did.
 *
 * @param tasks          cleanups in the cluster
 * @param active         cleanups still pending or running after the pass
 * @param started        cleanups this pass started (fixed their nodes)
 * @param finished       cleanups this pass finished: completed, failed or cancelled
 * @param nodesCompleted nodes cleaned during this pass
 * @param nodesFailed    nodes that failed during this pass
 * @param imagesRemoved  images removed (dry runs: would be) during this pass
 * @param bytesFreed     their sizes
 * @param statusWrites   task status writes
 * @param deferred       cleanups left for the next pass because the pass had to stop
 * @param failures       one line per cleanup whose step failed (API server errors); the next pass retries them
 */
@Serdeable
public record CleanupReconcileResult(int tasks, int active, int started, int finished, int nodesCompleted,
                                     int nodesFailed, long imagesRemoved, long bytesFreed, int statusWrites, int deferred,
                                     List<String> failures) {

    public CleanupReconcileResult {
        failures = List.copyOf(failures);
    }

    public static CleanupReconcileResult idle(int tasks) {
        return new CleanupReconcileResult(tasks, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    public static CleanupReconcileResult failed(String failure) {
        return new CleanupReconcileResult(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(failure));
    }

    public boolean converged() {
        return failures.isEmpty();
    }

    /** One line for logs. */
    public String describe() {
        return String.format("cleanup: %d tasks (%d active), %d started, %d finished, %d nodes cleaned, %d failed, "
                        + "%d images removed (%d bytes), %d status writes, %d deferred, %d failures%s",
                tasks, active, started, finished, nodesCompleted, nodesFailed, imagesRemoved, bytesFreed, statusWrites,
                deferred, failures.size(), failures.isEmpty() ? "" : "; first: " + failures.get(0));
    }
}
