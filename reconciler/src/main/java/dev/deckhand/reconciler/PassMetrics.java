package dev.deckhand.reconciler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters of the reconcile passes (in the registry of the process when it has one): writes refused and skipped,
 * objects in the failure ledger, and passes by outcome. A CronJob or Lambda pass is gone before a scrape, so the
 * {@link PassSummary} it prints or returns says the same.
 */
@Singleton
public class PassMetrics {

    private final MeterRegistry registry;
    private final Counter failedWrites;
    private final Counter skippedWrites;
    private final AtomicInteger ledgerSize = new AtomicInteger();

    public PassMetrics(@Nullable MeterRegistry registry) {
        this.registry = registry != null ? registry : new SimpleMeterRegistry();
        this.failedWrites = Counter.builder("deckhand.reconciler.writes.failed")
                .description("writes the API server refused or could not be reached for").register(this.registry);
        this.skippedWrites = Counter.builder("deckhand.reconciler.writes.skipped")
                .description("writes not started: object backed off after refused writes, or the pass's failing-write budget spent")
                .register(this.registry);
        this.registry.gauge("deckhand.reconciler.backed.off.objects", ledgerSize);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void record(PassSummary summary, int backedOffObjects) {
        failedWrites.increment(summary.failedWrites());
        skippedWrites.increment(summary.skippedWrites());
        ledgerSize.set(backedOffObjects);
        registry.counter("deckhand.reconciler.passes", "outcome", summary.outcome().name().toLowerCase()).increment();
    }
}
