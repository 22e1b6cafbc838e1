package dev.deckhand.tasks;

import dev.deckhand.cluster.ListSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.BeanProvider;
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
 * The meters of one kind of task that are counted from the stored tasks: {@code deckhand.<kind>.tasks{status}} (gauge),
 * the tasks in the cluster by status, and whatever else a kind counts from them ({@link #observeMore(List)}).
 *
 * <p>Counted from the last complete list of tasks this process saw (every reconcile pass and every list request read
 * them all); a scrape that finds the counts older than {@value #STALE_SECONDS} s starts a refresh in the background and
 * answers the counts it has, so a scrape never waits for the API server.
 *
 * <p>Not made at start-up: the first thing that counts or scrapes makes it, and with it the meter registry (its JVM
 * binders and the Prometheus registry are a noticeable part of a cold start).
 *
 * @param <T> the kind's task
 */
public abstract class TaskMetrics<T extends StoredTask<T, ?, ?>> {

    static final long STALE_SECONDS = 30;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final MeterRegistry registry;
    private final BeanProvider<? extends TaskStore<T>> store;
    private final TaskKind kind;
    private final Map<TaskPhase, AtomicLong> tasks = new EnumMap<>(TaskPhase.class);
    private volatile long countedAt;
    private volatile boolean counted;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService refresher;

    /** @param tasksDescription the description of the tasks-by-status gauge */
    protected TaskMetrics(MeterRegistry registry, BeanProvider<? extends TaskStore<T>> store, TaskKind kind,
                          String tasksDescription) {
        this.registry = registry != null ? registry : new SimpleMeterRegistry();
        this.store = store;
        this.kind = kind;
        this.refresher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "deckhand-" + kind.name() + "-metrics");
            t.setDaemon(true);
            return t;
        });
        for (TaskPhase phase : TaskPhase.values()) {
            AtomicLong count = new AtomicLong();
            tasks.put(phase, count);
            Gauge.builder("deckhand." + kind.name() + ".tasks", this, m -> m.read(count))
                    .description(tasksDescription)
                    .tag("status", phase.wire())
                    .register(this.registry);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Counts the tasks of a complete list just read. */
    public void observeTasks(List<T> all) {
        Map<TaskPhase, Long> counts = new EnumMap<>(TaskPhase.class);
        for (T task : all) {
            counts.merge(task.effectivePhase(), 1L, Long::sum);
        }
        tasks.forEach((phase, count) -> count.set(counts.getOrDefault(phase, 0L)));
        observeMore(all);
        countedAt = System.nanoTime();
        counted = true;
    }

    /** What else the kind counts from a complete list of its tasks; nothing by default. */
    protected void observeMore(List<T> all) {
    }

    @PreDestroy
    public void close() {
        refresher.shutdownNow();
    }

    /** A gauge's value; starts a refresh when the counts are stale. */
    protected double read(AtomicLong value) {
        if ((!counted || System.nanoTime() - countedAt > Duration.ofSeconds(STALE_SECONDS).toNanos())
                && refreshing.compareAndSet(false, true)) {
            refresher.execute(() -> {
                try {
                    observeTasks(store.get().list(ListSource.WATCH_CACHE));
                } catch (RuntimeException e) {
                    log.debug("cannot count {}s: {}", kind.noun(), e.getMessage());
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return value.get();
    }
}
