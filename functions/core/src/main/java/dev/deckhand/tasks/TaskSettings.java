package dev.deckhand.tasks;

import java.time.Duration;

/** How a reconcile pass runs one kind of node-by-node task ({@code deckhand.<kind>.*}). */
public interface TaskSettings {

    /** Batch size of a task that names none. */
    int defaultBatchSize();

    /** Largest batch size a task may ask for. */
    int maxBatchSize();

    /** Finished nodes are written to the task's status at most this long after they finish. */
    Duration statusFlushInterval();

    /** While no status write happens, how often a running pass re-reads its task to notice a cancel. */
    Duration cancelCheckInterval();

    /** Cap on concurrent agent calls of one task (in flight is {@code min(batchSize, agentParallelism)}). */
    int agentParallelism();

    /** How many tasks one pass advances at once. */
    int parallelTasks();
}
