package dev.deckhand.cleanup;

import dev.deckhand.cluster.ListSource;

import dev.deckhand.prewarm.TaskPhase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Counted from the last full list of cleanups this process read (every pass and every list request reads one); a
 * scrape that finds them older than {@value #STALE_SECONDS} s starts a refresh in the background and answers what it
 * has, so a scrape never waits for the API server. A node appears once a cleanup removed something from it.
 */
@Context
public class CleanupMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupMetrics.class);
    static final long STALE_SECONDS = 30;

    private final MeterRegistry registry;
    private final BeanProvider<CleanupStore> store;
    private final Map<TaskPhase, AtomicLong> tasks = new EnumMap<>(TaskPhase.class);
    private final Map<String, AtomicLong> images = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytes = new ConcurrentHashMap<>();
    private volatile long countedAt;
    private volatile boolean counted;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "deckhand-cleanup-metrics");
        t.setDaemon(true);
        return t;
    });

    public CleanupMetrics(@Nullable MeterRegistry registry, BeanProvider<CleanupStore> store) {
        this.registry = registry != null ? registry : new SimpleMeterRegistry();
        this.store = store;
        for (TaskPhase phase : TaskPhase.values()) {
            AtomicLong count = new AtomicLong();
            tasks.put(phase, count);
            Gauge.builder("deckhand.cleanup.tasks", this, m -> m.read(count))
                    .description("Image cleanups in the cluster by status")
                    .tag("status", phase.wire())
                    .register(this.registry);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts a complete list of cleanups just read. */
    public void observeTasks(List<CleanupTask> all) {
        Map<TaskPhase, Long> phases = new EnumMap<>(TaskPhase.class);
        Map<String, long[]> byNode = new HashMap<>();
        for (CleanupTask task : all) {
            phases.merge(task.effectivePhase(), 1L, Long::sum);
            if (task.spec().dryRun() || task.status() == null) {
                continue;
            }
            for (NodeResult result : task.status().results()) {
                long[] sums = byNode.computeIfAbsent(result.node(), n -> new long[2]);
                sums[0] += result.imagesRemoved();
                sums[1] += result.bytesFreed();
            }
        }
        tasks.forEach((phase, count) -> count.set(phases.getOrDefault(phase, 0L)));
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
        countedAt = System.nanoTime();
        counted = true;
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String node, String name, String description, String unit) {
        return values.computeIfAbsent(node, n -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, this, m -> m.read(value)).description(description).baseUnit(unit).tag("node", n)
                    .register(registry);
            return value;
        });
    }

    @PreDestroy
    void close() {
        refresher.shutdownNow();
    }

    private double read(AtomicLong value) {
        if ((!counted || System.nanoTime() - countedAt > Duration.ofSeconds(STALE_SECONDS).toNanos())
                && refreshing.compareAndSet(false, true)) {
            refresher.execute(() -> {
                try {
                    observeTasks(store.get().list(ListSource.WATCH_CACHE));
                } catch (RuntimeException e) {
                    LOG.debug("cannot count cleanups: {}", e.getMessage());
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return value.get();
    }
}
