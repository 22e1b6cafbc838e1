package dev.deckhand.tasks;

import java.util.List;

/** A page of tasks, newest first, and how many matched in all. */
public record TaskPage<T>(List<T> tasks, int total, int limit, int offset) {
}
