package dev.deckhand.prewarm;

import java.time.Instant;

/**
 * A stored task: the custom resource's name, version, spec and status.
 *
 * @param id              the task id, which is also the resource's name
 * @param resourceVersion the version read, for conditional writes
 * @param spec            what was asked
 * @param status          what was done; null until the reconciler starts the task
 */
public record PrewarmTask(String id, String resourceVersion, PrewarmSpec spec, PrewarmStatus status) {

    /**
     * The status a client sees: cancelled once a cancel was asked for, even before the reconciler has acted on it;
     * otherwise the phase the reconciler wrote, or pending.
     */
    public TaskPhase effectivePhase() {
        if (spec.cancelled()) {
            return TaskPhase.CANCELLED;
        }
        return status == null ? TaskPhase.PENDING : status.taskPhase();
    }

    /** Whether the reconciler still has something to do with this task (including acting on a cancel). */
    public boolean needsReconcile() {
        if (spec.cancelled()) {
            return status == null || status.taskPhase() != TaskPhase.CANCELLED;
        }
        return !effectivePhase().finished();
    }

    public Instant createdAt() {
        return Timestamps.parse(spec.createdAt());
    }

    public PrewarmTask withStatus(PrewarmStatus next) {
        return new PrewarmTask(id, resourceVersion, spec, next);
    }
}
