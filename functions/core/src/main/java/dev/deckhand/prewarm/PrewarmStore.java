package dev.deckhand.prewarm;

import dev.deckhand.tasks.TaskStore;

/** Where prewarm tasks are kept: one {@code PrewarmTask} custom resource each, in Deckhand's namespace. */
public interface PrewarmStore extends TaskStore<PrewarmTask> {
}
