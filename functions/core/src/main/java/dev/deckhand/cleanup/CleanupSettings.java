package dev.deckhand.cleanup;

import dev.deckhand.tasks.TaskSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Image cleanup tasks ({@code deckhand.cleanup.*}). Tasks live in the namespace {@code deckhand.agent.namespace}.
 *
 * @param defaultBatchSize    batch size of a task that names none
 * @param maxBatchSize        largest batch size a task may ask for
 * @param statusFlushInterval finished nodes are written to the task's status at most this long after they finish (and
 *                            when the task finishes or the pass stops)
 * @param cancelCheckInterval while no status write happens, how often a running pass re-reads its task for a cancel
 * @param agentParallelism    cap on concurrent agent calls of one task (in flight is {@code min(batchSize, this)})
 * @param parallelTasks       how many tasks one pass advances at once
 */
@ConfigurationProperties("deckhand.cleanup")
public record CleanupSettings(
        @Bindable(defaultValue = "10") int defaultBatchSize,
        @Bindable(defaultValue = "500") int maxBatchSize,
        @Bindable(defaultValue = "1s") Duration statusFlushInterval,
        @Bindable(defaultValue = "5s") Duration cancelCheckInterval,
        @Bindable(defaultValue = "100") int agentParallelism,
        @Bindable(defaultValue = "4") int parallelTasks) implements TaskSettings {

    /** The defaults, for code built without a context (tests). */
    public static CleanupSettings defaults() {
        return new CleanupSettings(10, 500, Duration.ofSeconds(1), Duration.ofSeconds(5), 100, 4);
    }
}
