package dev.deckhand.tasks;


import java.time.Instant;

/**
 * A stored node-by-node task: the custom resource's name, version, spec and status.
 *
 * @param <T> the task's own type
 * @param <P> its spec
 * @param <S> its status
 */
public interface StoredTask<T extends StoredTask<T, P, S>, P extends TaskSpec, S extends TaskStatus> {

    /** The task id, which is also the resource's name. */
    String id();

    /** The version read, for conditional writes. */
    String resourceVersion();

    /** What was asked. */
    P spec();

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

    /** The progress block; none before the task starts. */
    default Progress progress() {
        return status() == null ? Progress.NONE : status().progress();
    }

    /**
     * When the task finished as a client sees it: what the reconciler wrote, or for a cancel it has not acted on yet
     * the time the cancel was asked for; null while the task is not finished.
     */
    default String finishedAt() {
        TaskPhase phase = effectivePhase();
        if (!phase.finished()) {
            return null;
        }
        String completedAt = status() == null ? null : status().completedAt();
        return phase == TaskPhase.CANCELLED && completedAt == null ? spec().cancelledAt() : completedAt;
    }

    default Instant createdAt() {
        return Timestamps.parse(spec().createdAt());
    }
}
