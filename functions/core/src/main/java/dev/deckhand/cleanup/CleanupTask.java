package dev.deckhand.cleanup;

import dev.deckhand.tasks.StoredTask;
import dev.deckhand.tasks.TaskKind;

/**
 * A stored cleanup: the custom resource's name, version, spec and status.
 *
 * @param id              the task id, which is also the resource's name
 * @param resourceVersion the version read, for conditional writes
 * @param spec            what was asked
 * @param status          what was done; null until the reconciler starts the task
 */
public record CleanupTask(String id, String resourceVersion, CleanupSpec spec, CleanupStatus status)
        implements StoredTask<CleanupTask, CleanupSpec, CleanupStatus> {

    public static final TaskKind KIND = new TaskKind("cleanup", "cleanup", "cleanup");

    @Override
    public CleanupTask withStatus(CleanupStatus next) {
        return new CleanupTask(id, resourceVersion, spec, next);
    }

    @Override
    public CleanupTask withCancel(String at) {
        return new CleanupTask(id, resourceVersion, spec.withCancel(at), status);
    }
}
