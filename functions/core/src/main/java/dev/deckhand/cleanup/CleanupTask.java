package dev.deckhand.cleanup;

import dev.deckhand.prewarm.TaskPhase;
import dev.deckhand.prewarm.Timestamps;

import java.time.Instant;

/**
 * A stored cleanup: the custom resource's name, version, spec and status.
 *
 * @param id              the task id, which is also the resource's name
 * @param resourceVersion the version read, for conditional writes
 * @param spec            what was asked
 * @param status          what was done; null until the reconciler starts the task
 */
public record CleanupTask(String id, String resourceVersion, CleanupSpec spec, CleanupStatus status) {

    /** Cancelled once a cancel was asked for, even before the reconciler acted on it; else the phase written, or pending. */
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

    public CleanupTask withStatus(CleanupStatus next) {
        return new CleanupTask(id, resourceVersion, spec, next);
    }
}
