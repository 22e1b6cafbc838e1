package dev.deckhand.prewarm;

import dev.deckhand.cluster.ListSource;

import java.util.List;
import java.util.Optional;

/**
 * Where tasks are kept: one {@code PrewarmTask} custom resource each, in Deckhand's namespace. Writes are
 * conditional on the resourceVersion read, so a cancel and a reconciler pass never overwrite each other.
 */
public interface PrewarmStore {

    /** Stores a new task (spec only); empty when a task of that id exists already. */
    Optional<PrewarmTask> create(PrewarmTask task);

    /** One task, empty when there is none of that id. */
    Optional<PrewarmTask> find(String id);

    /** Every task, in no particular order, with one LIST. */
    List<PrewarmTask> list(ListSource source);

    /**
     * Writes the task's status through the {@code /status} subresource, conditional on its resourceVersion; answers
     * the task as stored (with its current spec, so a cancel made meanwhile shows).
     *
     * @throws StaleTaskException    the task changed since it was read
     * @throws TaskNotFoundException the task was deleted
     */
    PrewarmTask writeStatus(PrewarmTask task);

    /**
     * Writes the task's spec (a cancel), conditional on its resourceVersion; answers the task as stored.
     *
     * @throws StaleTaskException    the task changed since it was read
     * @throws TaskNotFoundException the task was deleted
     */
    PrewarmTask writeSpec(PrewarmTask task);
}
