package dev.deckhand.cleanup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * Cleanup meters, counted by the process that ran the cleanup (the reconciler):
 *
 * <ul>
 *   <li>{@code deckhand.cleanup.images.removed{node}} (counter): images removed from each node;</li>
 *   <li>{@code deckhand.cleanup.bytes.freed{node}} (counter): the sizes the runtime reported for them;</li>
 *   <li>{@code deckhand.cleanup.nodes{result}} (counter): nodes cleaned, {@code completed} or {@code failed}.</li>
 * </ul>
 * Dry runs remove nothing and count only in {@code deckhand.cleanup.nodes{result,dry_run="true"}}.
 */
@Singleton
public class CleanupMetrics {

    private final MeterRegistry registry;

    public CleanupMetrics(@Nullable MeterRegistry registry) {
        this.registry = registry != null ? registry : new SimpleMeterRegistry();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One node finished. */
    public void nodeFinished(CleanupPlanner.Outcome outcome, boolean dryRun) {
        Counter.builder("deckhand.cleanup.nodes")
                .description("Nodes cleaned, by result")
                .tag("result", outcome.node().completed() ? "completed" : "failed")
                .tag("dry_run", String.valueOf(dryRun))
                .register(registry).increment();
        NodeResult result = outcome.result();
        if (dryRun || result == null || result.imagesRemoved() == 0) {
            return;
        }
        Counter.builder("deckhand.cleanup.images.removed")
                .description("Images removed by cleanups, by node")
                .tag("node", result.node())
                .register(registry).increment(result.imagesRemoved());
        Counter.builder("deckhand.cleanup.bytes.freed")
                .description("Bytes freed by cleanups (the runtime's image sizes), by node")
                .baseUnit("bytes")
                .tag("node", result.node())
                .register(registry).increment(result.bytesFreed());
    }
}
