package dev.deckhand.tasks;

import dev.deckhand.cluster.ListSource;

import java.util.List;
import java.util.Optional;

/**
 * Where the tasks of one kind are kept: one custom resource each, in Deckhand's namespace. Writes are conditional on
 * the resourceVersion read, so a cancel and a reconciler pass never overwrite each other.
 *
 * @param <T> the kind's task
 */
public interface TaskStore<T> {

    /** Stores a new task (spec only); empty when a task of that id exists already. */
    Optional<T> create(T task);

    /** One task, empty when there is none of that id. */
    Optional<T> find(String id);

    /** Every task, in no particular order, with one LIST. */
    List<T> list(ListSource source);

    /**
     * Writes the task's status through the {@code /status} subresource, conditional on its resourceVersion; answers
     * the task as stored (with its current spec, so a cancel made meanwhile shows).
     *
     * @throws StaleTaskException    the task changed since it was read
     * @throws TaskNotFoundException the task was deleted
     */
    T writeStatus(T task);

    /**
     * Writes the task's spec (a cancel), conditional on its resourceVersion; answers the task as stored.
     *
     * @throws StaleTaskException    the task changed since it was read
     * @throws TaskNotFoundException the task was deleted
     */
    T writeSpec(T task);
}
