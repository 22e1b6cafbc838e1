package dev.deckhand.tasks;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Seed 002's progress block.
 *
 * @param totalNodes     nodes the task covers
 * @param completedNodes nodes that have every image
 * @param failedNodes    nodes that failed
 * @param currentBatch   1-based number of the batch in progress (the last one once all are done; 0 before start)
 * @param totalBatches   {@code ceil(totalNodes / batchSize)}
 * @param percentage     share of the nodes that are done, completed or failed, 0.0 to 100.0, one decimal
 */
@Serdeable
public record Progress(int totalNodes, int completedNodes, int failedNodes, int currentBatch, int totalBatches,
                       double percentage) {

    public static final Progress NONE = new Progress(0, 0, 0, 0, 0, 0.0);
}
