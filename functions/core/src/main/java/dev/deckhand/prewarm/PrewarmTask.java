package dev.deckhand.prewarm;

import dev.deckhand.tasks.StoredTask;
import dev.deckhand.tasks.TaskKind;

/**
 * A stored prewarm task: the custom resource's name, version, spec and status.
 *
 * @param id              the task id, which is also the resource's name
 * @param resourceVersion the version read, for conditional writes
 * @param spec            what was asked
 * @param status          what was done; null until the reconciler starts the task
 */
public record PrewarmTask(String id, String resourceVersion, PrewarmSpec spec, PrewarmStatus status)
        implements StoredTask<PrewarmTask, PrewarmSpec, PrewarmStatus> {

    public static final TaskKind KIND = new TaskKind("prewarm", "prewarm task", "task");

    @Override
    public PrewarmTask withStatus(PrewarmStatus next) {
        return new PrewarmTask(id, resourceVersion, spec, next);
    }

    @Override
    public PrewarmTask withCancel(String at) {
        return new PrewarmTask(id, resourceVersion, spec.withCancel(at), status);
    }
}
