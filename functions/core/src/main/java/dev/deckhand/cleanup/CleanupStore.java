package dev.deckhand.cleanup;

import dev.deckhand.cluster.ListSource;

import java.util.List;
import java.util.Optional;

/**
 * Where cleanups are kept: one {@code CleanupTask} custom resource each, in Deckhand's namespace. Writes are conditional
 * on the resourceVersion read, so a cancel and a reconciler pass never overwrite each other.
 */
public interface CleanupStore {

    /** Stores a new task (spec only); empty when a task of that id exists already. */
    Optional<CleanupTask> create(CleanupTask task);

    /** One task, empty when there is none of that id. */
    Optional<CleanupTask> find(String id);

    /** Every task, in no particular order, with one LIST. */
    List<CleanupTask> list(ListSource source);

    /**
     * Writes the status through {@code /status}, conditional on the resourceVersion; answers the task as stored.
     *
     * @throws dev.deckhand.prewarm.StaleTaskException    the task changed since it was read
     * @throws dev.deckhand.prewarm.TaskNotFoundException the task was deleted
     */
    CleanupTask writeStatus(CleanupTask task);

    /**
     * Writes the spec (a cancel), conditional on the resourceVersion; answers the task as stored.
     *
     * @throws dev.deckhand.prewarm.StaleTaskException    the task changed since it was read
     * @throws dev.deckhand.prewarm.TaskNotFoundException the task was deleted
     */
    CleanupTask writeSpec(CleanupTask task);
}
