package dev.deckhand.cleanup;

import dev.deckhand.tasks.TaskStore;

/** Where cleanups are kept: one {@code CleanupTask} custom resource each, in Deckhand's namespace. */
public interface CleanupStore extends TaskStore<CleanupTask> {
}
