package dev.deckhand.cleanup;

import dev.deckhand.tasks.TaskMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cleanup meters, read from the stored cleanups (their status holds each node's result), so they are the same in
 * every process and survive the reconciler's (a CronJob or a Lambda is gone before a scrape):
 *
 * <ul>
 *   <li>{@code deckhand.cleanup.images.removed{node}} (gauge): images removed from each node by the cleanups in the
 *       cluster (dry runs not counted);</li>
 *   <li>{@code deckhand.cleanup.bytes.freed{node}} (gauge, bytes): the runtime's sizes of those images;</li>
 *   <li>{@code deckhand.cleanup.tasks{status}} (gauge): cleanups by status.</li>
 * </ul>
 * Counted as {@link TaskMetrics} counts. A node appears once a cleanup removed something from it.
 */
@Singleton
public class CleanupMetrics extends TaskMetrics<CleanupTask> {

    private final Map<String, AtomicLong> images = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();

    public CleanupMetrics(@Nullable MeterRegistry registry, BeanProvider<CleanupStore> store) {
        super(registry, store, CleanupTask.KIND, "Image cleanups in the cluster by status");
    }

    @Override
    protected void observeMore(List<CleanupTask> all) {
        Map<String, long[]> byNode = new HashMap<>();
        for (CleanupTask task : all) {
            if (task.spec().dryRun() || task.status() == null) {
                continue;
            }
            for (NodeResult result : task.status().results()) {
                long[] sums = byNode.computeIfAbsent(result.node(), n -> new long[2]);
                sums[0] += result.imagesRemoved();
                sums[1] += result.bytesFreed();
            }
        }
        byNode.forEach((node, sums) -> {
            gauge(images, node, "deckhand.cleanup.images.removed", "Images removed by cleanups, by node", null).set(sums[0]);
            gauge(bytes, node, "deckhand.cleanup.bytes.freed", "Bytes freed by cleanups (the runtime's image sizes), by node",
                    "bytes").set(sums[1]);
        });
        // Nodes whose cleanups were deleted count nothing any more.
        images.forEach((node, value) -> {
            if (!byNode.containsKey(node)) {
                value.set(0);
                bytes.get(node).set(0);
            }
        });
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String node, String name, String description, String unit) {
        return values.computeIfAbsent(node, n -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, this, m -> m.read(value)).description(description).baseUnit(unit).tag("node", n)
                    .register(registry());
            return value;
        });
    }
}
