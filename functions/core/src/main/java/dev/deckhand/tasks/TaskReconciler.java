package dev.deckhand.tasks;

import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import dev.deckhand.cluster.ListSource;
import dev.deckhand.cluster.PassWrites;
import dev.deckhand.cluster.failures.FailurePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The part of a reconcile pass every kind of node-by-node task shares: pick the tasks to work on (one LIST, from the
 * watch cache), advance up to {@link TaskSettings#parallelTasks()} of them at once, each in a {@link TaskRun}, and
 * end a task failed when the API server refuses its step the same way on {@link FailurePolicy#giveUpAfter()}
 * consecutive passes (counted in the pass's failure ledger, which outlives the process); the other tasks go on
 * meanwhile.
 *
 * <p>A {@link TaskRun} reads its task live before its step, starts it (fixes its nodes), writes its status
 * conditionally on the version read (on a conflict it reads the task again: a cancel or a deletion stops the run,
 * otherwise this pass's outcomes are applied to what is stored and written again) and acts on a cancel. What happens
 * on the nodes is the kind's ({@link TaskRun#step(boolean)}).
 *
 * @param <T> the kind's task
 * @param <P> its spec
 * @param <S> its status
 * @param <O> how one node ended, as the kind records it
 * @param <C> the kind's counts of a pass
 */
public abstract class TaskReconciler<T extends StoredTask<T, P, S>, P extends TaskSpec, S extends TaskStatus, O,
        C extends PassTally> {

    protected static final Duration POLL = Duration.ofMillis(50);
    private static final int WRITE_ATTEMPTS = 3;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final TaskKind kind;
    private final TaskStore<T> store;
    private final TaskMetrics<T> metrics;
    private final TaskPlanner<P, S, O> planner;
    protected final TaskNodes nodes;
    protected final TaskSettings settings;
    protected final Clock clock;

    protected TaskReconciler(TaskKind kind, TaskStore<T> store, TaskPlanner<P, S, O> planner, TaskNodes nodes,
                             TaskSettings settings, TaskMetrics<T> metrics, Clock clock) {
        this.kind = kind;
        this.planner = planner;
        this.store = store;
        this.nodes = nodes;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Empty counts for a pass. */
    protected abstract C newTally();

    /** The run of one task in this pass. */
    protected abstract TaskRun newRun(T task, BooleanSupplier mayStart, C tally);

    /**
     * Advances every task of the kind that needs it, as the pass allows (nothing starts once
     * {@link PassWrites#mayStartWriteSupplier()} answers false).
     *
     * @throws ClusterUnavailableException the tasks could not be listed
     */
    protected final C advanceAll(PassWrites pass) {
        BooleanSupplier mayStart = pass.mayStartWriteSupplier();
        // From the watch cache: it only picks the tasks to work on; each one is read live before its step (TaskRun).
        List<T> all = store.list(ListSource.WATCH_CACHE);
        metrics.observeTasks(all);
        List<T> work = all.stream()
                .filter(T::needsReconcile)
                .sorted(Comparator.comparing((T t) -> t.createdAt() == null ? Instant.EPOCH : t.createdAt())
                        .thenComparing(T::id))
                .toList();
        C tally = newTally();
        tally.tasks = all.size();
        if (work.isEmpty()) {
            return tally;
        }
        tally.work = work.size();
        /* Each task as this pass last wrote or read it. */
        Map<String, T> latest = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(settings.parallelTasks(), work.size())),
                daemon("deckhand-" + kind.name() + "-task"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (T task : work) {
                running.add(pool.submit(() -> {
                    if (!mayStart.getAsBoolean()) {
                        tally.deferred.incrementAndGet();
                        return;
                    }
                    TaskRun run = newRun(task, mayStart, tally);
                    String key = kind.ledgerKey(task.id());
                    try {
                        run.advance();
                        pass.ledger().succeeded(key);
                    } catch (ClusterRequestException e) {
                        note(pass, tally, task, e);
                        if (pass.ledger().failed(key, e) >= pass.ledger().policy().giveUpAfter() && giveUp(run, e)) {
                            pass.ledger().succeeded(key);
                            tally.finished.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        note(pass, tally, task, e);
                    } finally {
                        latest.put(task.id(), run.stored);
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.failures.add("interrupted before every " + kind.shortNoun() + " was advanced");
        } catch (ExecutionException e) {
            tally.failures.add(String.valueOf(e.getCause()));
        } finally {
            pool.shutdownNow();
        }
        metrics.observeTasks(all.stream().map(t -> latest.getOrDefault(t.id(), t)).toList());
        return tally;
    }

    private void note(PassWrites pass, C tally, T task, RuntimeException e) {
        log.warn("{} {}: {}", kind.noun(), task.id(), e.getMessage());
        tally.failures.add(task.id() + ": " + e.getMessage());
        pass.noteError(kind.noun() + " " + task.id() + ": " + e.getMessage());
    }

    /**
     * Ends the task failed with the API server's words; false when that could not be written (the task changed or went
     * meanwhile, or the write failed too), in which case the next pass tries again.
     */
    private boolean giveUp(TaskRun run, ClusterRequestException e) {
        T task = run.stored;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                run.stored = store.writeStatus(task.withStatus(
                        planner.giveUp().giveUp(task.status(), task.spec(), e.getMessage(), clock.instant())));
                log.warn("{} {} failed: the API server refused its step the same way pass after pass: {}",
                        kind.noun(), task.id(), e.getMessage());
                return true;
            } catch (StaleTaskException stale) {
                T fresh = store.find(task.id()).orElse(null);
                if (fresh == null || !fresh.needsReconcile() || fresh.spec().cancelled()) {
                    return false;
                }
                task = fresh;
            } catch (TaskNotFoundException | ClusterRequestException | ClusterUnavailableException gone) {
                return false;
            }
        }
        return false;
    }

    /** One task's step in this pass. Used by one thread (work it hands to others reports back to it). */
    protected abstract class TaskRun {
        protected final BooleanSupplier mayStart;
        protected final C tally;
        protected final int batchSize;
        protected T stored;
        protected S status;
        /** Every outcome recorded in this pass, re-applied on a status that changed under us. */
        private final List<O> recorded = new ArrayList<>();
        protected boolean dirty;
        protected boolean cancelled;
        protected boolean gone;

        protected TaskRun(T task, BooleanSupplier mayStart, C tally) {
            this.stored = task;
            this.status = task.status();
            this.mayStart = mayStart;
            this.tally = tally;
            this.batchSize = task.spec().batchSize();
        }

        /** What the task does on its nodes in this pass, once it is started; {@code started}: by this run. */
        protected abstract void step(boolean started);

        /** This pass's view applied to a status someone else wrote meanwhile; sets {@link #gone} when none is left. */
        protected abstract S merge(S theirs, S ours);

        /** What a cancel undoes besides the status (the task's Jobs); nothing by default. */
        protected void beforeCancel() {
        }

        final void advance() {
            // The pass's LIST came from the watch cache, which may lag the last status write by a moment; acting on a
            // status that old would redo nodes already done (and count them twice), so the step starts from a live read.
            T live = store.find(stored.id()).orElse(null);
            if (live == null || !live.needsReconcile()) {
                return;
            }
            stored = live;
            status = live.status();
            if (stored.spec().cancelled()) {
                finishCancel();
                return;
            }
            boolean starting = status == null || status.taskPhase() == TaskPhase.PENDING;
            if (starting) {
                status = planner.start().start(stored.spec(), nodes.readyNodes(stored.spec().nodeSelector()), clock.instant());
                write();
                if (stopped()) {
                    return;
                }
                tally.started.incrementAndGet();
                if (status.taskPhase().finished()) {
                    tally.finished.incrementAndGet();
                    return;
                }
            }
            step(starting);
        }

        /** A cancel was seen (and acted on), or the task vanished or was finished by another writer. */
        protected final boolean stopped() {
            if (cancelled) {
                finishCancel();
                return true;
            }
            return gone;
        }

        /** Re-reads the task for a cancel or a deletion. */
        protected final void refresh() {
            T fresh = store.find(stored.id()).orElse(null);
            if (fresh == null) {
                gone = true;
            } else if (fresh.spec().cancelled()) {
                stored = fresh;
                cancelled = true;
            }
        }

        /** Records these outcomes in the status (in memory: {@link #dirty} until written). */
        protected final void record(List<O> outcomes) {
            if (outcomes.isEmpty()) {
                return;
            }
            recorded.addAll(outcomes);
            S next = planner.record().record(status, batchSize, outcomes);
            if (next != status) {
                status = next;
                dirty = true;
            }
        }

        /** {@code theirs} with every outcome recorded in this pass. */
        protected final S withRecorded(S theirs) {
            return planner.record().record(theirs, batchSize, recorded);
        }

        protected final void finishCancel() {
            beforeCancel();
            // What was written last (ours, or what another writer left), with every outcome of this pass on it.
            S base = stored.status() != null ? withRecorded(stored.status()) : status;
            status = planner.cancel().cancel(base, stored.spec(), clock.instant());
            cancelled = false;
            for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
                try {
                    stored = store.writeStatus(stored.withStatus(status));
                    tally.writes.incrementAndGet();
                    tally.finished.incrementAndGet();
                    return;
                } catch (StaleTaskException e) {
                    T fresh = store.find(stored.id()).orElse(null);
                    if (fresh == null) {
                        return;
                    }
                    stored = fresh;
                    status = planner.cancel().cancel(fresh.status() == null ? null : withRecorded(fresh.status()),
                            fresh.spec(), clock.instant());
                } catch (TaskNotFoundException e) {
                    return;
                }
            }
            throw new IllegalStateException("the status of " + kind.shortNoun() + " " + stored.id()
                    + " kept changing while it was being cancelled");
        }

        /**
         * Writes the status, conditional on the version last read. On a conflict the task is read again: a cancel or a
         * deletion stops this run; otherwise this pass's outcomes are applied to what is stored and written again.
         */
        protected final void write() {
            for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
                try {
                    stored = store.writeStatus(stored.withStatus(status));
                    tally.writes.incrementAndGet();
                    dirty = false;
                    if (stored.spec().cancelled()) {
                        cancelled = true;
                    }
                    return;
                } catch (StaleTaskException e) {
                    T fresh = store.find(stored.id()).orElse(null);
                    if (fresh == null) {
                        gone = true;
                        return;
                    }
                    stored = fresh;
                    if (fresh.spec().cancelled()) {
                        cancelled = true;
                        return;
                    }
                    status = merge(fresh.status(), status);
                    if (gone) {
                        return;
                    }
                } catch (TaskNotFoundException e) {
                    gone = true;
                    return;
                }
            }
            throw new IllegalStateException("the status of " + kind.shortNoun() + " " + stored.id()
                    + " kept changing under this pass");
        }
    }

    protected static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
