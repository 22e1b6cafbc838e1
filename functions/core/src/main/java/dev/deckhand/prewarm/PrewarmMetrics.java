package dev.deckhand.prewarm;

import dev.deckhand.cluster.ListSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prewarm meters, registered with the context ({@code @Context}) so a scrape finds them before any task was touched:
 *
 * <ul>
 *   <li>{@code deckhand.prewarm.tasks{status}} (gauge): tasks in the cluster by status. Counted from the last list of
 *       tasks this process saw (every reconcile pass and every list request read them all); a scrape that finds the
 *       counts older than {@value #STALE_SECONDS} s starts a refresh in the background and answers the counts it has,
 *       so a scrape never waits for the API server.</li>
 *   <li>{@code deckhand.prewarm.node.pulls{mode,result}} (counter): nodes prewarmed by this process, by result
 *       ({@code completed}, {@code failed}).</li>
 *   <li>{@code deckhand.prewarm.pull.duration{mode,result}} (timer): how long one node took for all of a task's
 *       images.</li>
 * </ul>
 */
@Context
public class PrewarmMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(PrewarmMetrics.class);
    static final long STALE_SECONDS = 30;

    private final MeterRegistry registry;
    private final BeanProvider<PrewarmStore> store;
    private final Map<TaskPhase, AtomicLong> tasks = new EnumMap<>(TaskPhase.class);
    private volatile long countedAt;
    private volatile boolean counted;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "deckhand-prewarm-metrics");
        t.setDaemon(true);
        return t;
    });

    public PrewarmMetrics(@Nullable MeterRegistry registry, BeanProvider<PrewarmStore> store) {
        this.registry = registry != null ? registry : new SimpleMeterRegistry();
        this.store = store;
        for (TaskPhase phase : TaskPhase.values()) {
            AtomicLong count = new AtomicLong();
            tasks.put(phase, count);
            Gauge.builder("deckhand.prewarm.tasks", this, m -> m.taskCount(phase))
                    .description("Prewarm tasks in the cluster by status")
                    .tag("status", phase.wire())
                    .register(this.registry);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One node finished. */
    public void nodeFinished(PullMode mode, NodeOutcome outcome) {
        String result = outcome.completed() ? "completed" : "failed";
        Counter.builder("deckhand.prewarm.node.pulls")
                .description("Nodes prewarmed, by result")
                .tag("mode", mode.wire()).tag("result", result)
                .register(registry).increment();
        if (outcome.took() != null && !outcome.took().isNegative()) {
            Timer.builder("deckhand.prewarm.pull.duration")
                    .description("Time one node took to pull all of a task's images")
                    .tag("mode", mode.wire()).tag("result", result)
                    .register(registry).record(outcome.took());
        }
    }

    /** Counts the tasks of a complete list just read. */
    public void observeTasks(List<PrewarmTask> all) {
        Map<TaskPhase, Long> counts = new EnumMap<>(TaskPhase.class);
        for (PrewarmTask task : all) {
            counts.merge(task.effectivePhase(), 1L, Long::sum);
        }
        tasks.forEach((phase, count) -> count.set(counts.getOrDefault(phase, 0L)));
        countedAt = System.nanoTime();
        counted = true;
    }

    @PreDestroy
    void close() {
        refresher.shutdownNow();
    }

    private double taskCount(TaskPhase phase) {
        if ((!counted || System.nanoTime() - countedAt > Duration.ofSeconds(STALE_SECONDS).toNanos())
                && refreshing.compareAndSet(false, true)) {
            refresher.execute(() -> {
                try {
                    observeTasks(store.get().list(ListSource.WATCH_CACHE));
                } catch (RuntimeException e) {
                    LOG.debug("cannot count prewarm tasks: {}", e.getMessage());
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return tasks.get(phase).get();
    }
}
