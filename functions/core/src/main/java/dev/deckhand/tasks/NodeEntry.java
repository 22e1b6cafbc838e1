package dev.deckhand.tasks;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One node of a started task, in the order the task fixed them; batch {@code k} is the entries
 * {@code [k * batchSize, (k + 1) * batchSize)}.
 *
 * @param name  the node's name
 * @param state {@link #PENDING}, {@link #COMPLETED} (has every image) or {@link #FAILED} (details in
 *              {@link TaskStatus#failedNodeDetails()})
 */
@Serdeable
public record NodeEntry(String name, String state) {

    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    public static NodeEntry pending(String name) {
        return new NodeEntry(name, PENDING);
    }

    public boolean isPending() {
        return PENDING.equals(state);
    }

    public boolean isCompleted() {
        return COMPLETED.equals(state);
    }

    public boolean isFailed() {
        return FAILED.equals(state);
    }
}
