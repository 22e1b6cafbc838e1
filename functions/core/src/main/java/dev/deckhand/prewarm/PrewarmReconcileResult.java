package dev.deckhand.prewarm;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What one prewarm pass did.
 *
 * @param tasks          tasks in the cluster
 * @param active         tasks still pending or running after the pass (prewarming spans passes: not a failure)
 * @param started        tasks this pass started (fixed their nodes)
 * @param finished       tasks this pass finished: completed, failed or cancelled
 * @param nodesCompleted nodes that got every image during this pass
 * @param nodesFailed    nodes that failed during this pass
 * @param jobsCreated    Jobs created (job mode)
 * @param statusWrites   task status writes
 * @param deferred       tasks (or parts of them) left for the next pass because the pass had to stop
 * @param failures       one line per task whose step failed (API server errors); the next pass retries them
 */
@Serdeable
public record PrewarmReconcileResult(int tasks, int active, int started, int finished, int nodesCompleted, int nodesFailed,
                                     int jobsCreated, int statusWrites, int deferred, List<String> failures) {

    public PrewarmReconcileResult {
        failures = List.copyOf(failures);
    }

    public static PrewarmReconcileResult idle(int tasks) {
        return new PrewarmReconcileResult(tasks, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** No step failed (tasks still in progress are not a failure). */
    public boolean converged() {
        return failures.isEmpty();
    }

    /** One line for logs. */
    public String describe() {
        return String.format("prewarm: %d tasks (%d active), %d started, %d finished, %d nodes completed, %d failed, "
                        + "%d jobs created, %d status writes, %d deferred, %d failures%s",
                tasks, active, started, finished, nodesCompleted, nodesFailed, jobsCreated, statusWrites, deferred,
                failures.size(), failures.isEmpty() ? "" : "; first: " + failures.get(0));
    }
}
