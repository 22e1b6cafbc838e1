package dev.deckhand.tasks;

import dev.deckhand.prewarm.TaskPhase;
import dev.deckhand.prewarm.Timestamps;

import java.time.Instant;

/**
 * A stored node-by-node task: the custom resource's name, version, spec and status.
 *
 * @param <T> the task's own type
 * @param <S> its status
 */
public interface StoredTask<T extends StoredTask<T, S>, S extends TaskStatus> {

    /** The task id, which is also the resource's name. */
    String id();

    /** The version read, for conditional writes. */
    String resourceVersion();

    /** What was asked. */
    TaskSpec spec();

    /** What was done; null until the reconciler starts the task. */
    S status();

    T withStatus(S next);

    /** The task with a cancel asked for at {@code at} (RFC 3339). */
    T withCancel(String at);

    /**
     * The status a client sees: cancelled once a cancel was asked for, even before the reconciler has acted on it;
     * otherwise the phase the reconciler wrote, or pending.
     */
    default TaskPhase effectivePhase() {
        if (spec().cancelled()) {
            return TaskPhase.CANCELLED;
        }
        return status() == null ? TaskPhase.PENDING : status().taskPhase();
    }

    /** Whether the reconciler still has something to do with this task (including acting on a cancel). */
    default boolean needsReconcile() {
        if (spec().cancelled()) {
            return status() == null || status().taskPhase() != TaskPhase.CANCELLED;
        }
        return !effectivePhase().finished();
    }

    default Instant createdAt() {
        return Timestamps.parse(spec().createdAt());
    }
}
