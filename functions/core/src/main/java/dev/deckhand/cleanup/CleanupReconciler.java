package dev.deckhand.cleanup;

import dev.deckhand.cluster.ListSource;

import dev.deckhand.agent.api.CleanupRequest;
import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import dev.deckhand.cluster.PassWrites;
import dev.deckhand.images.AgentCallException;
import dev.deckhand.images.AgentUnreachableException;
import dev.deckhand.images.NodeAgentClient;
import dev.deckhand.prewarm.PrewarmNodes;
import dev.deckhand.prewarm.StaleTaskException;
import dev.deckhand.prewarm.TaskNotFoundException;
import dev.deckhand.prewarm.TaskPhase;
import dev.deckhand.rollout.NodeRollout;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Advances every pending and running cleanup: observe (one LIST of tasks; per task the matching nodes once, at start),
 * plan ({@link CleanupPlanner}, {@link NodeRollout}), apply (one agent call per node, {@code POST /images/cleanup}), and
 * record each node's outcome and result in the task's status. Holds no state between passes.
 *
 * <p>Within a pass a task's nodes are started as its strategy allows (batch: the current batch's; window: whenever a
 * place is free), never more than {@code batchSize} at once (and at most {@link CleanupSettings#agentParallelism()}).
 * Outcomes are recorded in memory as they come and written at most {@link CleanupSettings#statusFlushInterval()}
 * later, and when the task finishes or the pass stops: the Kubernetes requests of a task are one node LIST and a
 * handful of status writes however many nodes it has. A node whose call was in flight when a process died stays
 * pending and is cleaned again by the next pass, which is harmless: what was removed is gone, and the agent decides
 * again from what the node holds.
 *
 * <p>A cancel is seen on the next status write (it changed the resourceVersion), by a re-read every
 * {@link CleanupSettings#cancelCheckInterval()} while nothing is written, or by the next pass: no node starts after it
 * is seen; calls in flight finish and are recorded; the status becomes cancelled.
 */
@Singleton
public class CleanupReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupReconciler.class);
    private static final int WRITE_ATTEMPTS = 3;
    private static final Duration POLL = Duration.ofMillis(50);
    /** Tasks' keys in the failure ledger. */
    public static final String LEDGER_PREFIX = "cleanuptask/";

    private final CleanupStore store;
    private final PrewarmNodes nodes;
    private final NodeAgentClient agents;
    private final CleanupSettings settings;
    private final CleanupMetrics metrics;
    private final Clock clock;

    @Inject
    public CleanupReconciler(CleanupStore store, PrewarmNodes nodes, NodeAgentClient agents, CleanupSettings settings,
                             CleanupMetrics metrics) {
        this(store, nodes, agents, settings, metrics, Clock.systemUTC());
    }

    public CleanupReconciler(CleanupStore store, PrewarmNodes nodes, NodeAgentClient agents, CleanupSettings settings,
                             CleanupMetrics metrics, Clock clock) {
        this.store = store;
        this.nodes = nodes;
        this.agents = agents;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A pass that starts no node or task after {@code deadline}. */
    public CleanupReconcileResult reconcile(Instant deadline) {
        return reconcile(PassWrites.unrecorded(() -> clock.instant().isBefore(deadline)));
    }

    /**
     * A pass of the reconciler. A task whose step the API server refuses the same way on consecutive passes (counted in
     * {@code pass}'s failure ledger) ends failed with the API server's words; the other tasks go on meanwhile.
     *
     * @throws ClusterUnavailableException the tasks could not be listed
     */
    public CleanupReconcileResult reconcile(PassWrites pass) {
        BooleanSupplier mayStart = pass.mayStartWriteSupplier();
        // From the watch cache: it only picks the tasks to work on; each one is read live before its step (TaskRun).
        List<CleanupTask> all = store.list(ListSource.WATCH_CACHE);
        metrics.observeTasks(all);
        List<CleanupTask> work = all.stream()
                .filter(CleanupTask::needsReconcile)
                .sorted(Comparator.comparing((CleanupTask t) -> t.createdAt() == null ? Instant.EPOCH : t.createdAt())
                        .thenComparing(CleanupTask::id))
                .toList();
        if (work.isEmpty()) {
            return CleanupReconcileResult.idle(all.size());
        }
        Tally tally = new Tally();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(settings.parallelTasks(), work.size())),
                daemon("deckhand-cleanup-task"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (CleanupTask task : work) {
                running.add(pool.submit(() -> {
                    if (!mayStart.getAsBoolean()) {
                        tally.deferred.incrementAndGet();
                        return;
                    }
                    TaskRun run = new TaskRun(task, mayStart, tally);
                    String key = LEDGER_PREFIX + task.id();
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
                        tally.latest.put(task.id(), run.stored);
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.failures.add("interrupted before every cleanup was advanced");
        } catch (ExecutionException e) {
            tally.failures.add(String.valueOf(e.getCause()));
        } finally {
            pool.shutdownNow();
        }
        metrics.observeTasks(all.stream().map(t -> tally.latest.getOrDefault(t.id(), t)).toList());
        List<String> failures = new ArrayList<>(tally.failures);
        Collections.sort(failures);
        return new CleanupReconcileResult(all.size(), work.size() - tally.finished.get(), tally.started.get(),
                tally.finished.get(), tally.nodesCompleted.get(), tally.nodesFailed.get(), tally.imagesRemoved.get(),
                tally.bytesFreed.get(), tally.writes.get(), tally.deferred.get(), failures);
    }

    private static void note(PassWrites pass, Tally tally, CleanupTask task, RuntimeException e) {
        LOG.warn("cleanup {}: {}", task.id(), e.getMessage());
        tally.failures.add(task.id() + ": " + e.getMessage());
        pass.noteError("cleanup " + task.id() + ": " + e.getMessage());
    }

    /** Ends the task failed with the API server's words; false when that could not be written either. */
    private boolean giveUp(TaskRun run, ClusterRequestException e) {
        CleanupTask task = run.stored;
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                run.stored = store.writeStatus(task.withStatus(
                        CleanupPlanner.giveUp(task.status(), task.spec(), e.getMessage(), clock.instant())));
                LOG.warn("cleanup {} failed: the API server refused its step the same way pass after pass: {}",
                        task.id(), e.getMessage());
                return true;
            } catch (StaleTaskException stale) {
                CleanupTask fresh = store.find(task.id()).orElse(null);
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

    private static final class Tally {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger nodesCompleted = new AtomicInteger();
        final AtomicInteger nodesFailed = new AtomicInteger();
        final AtomicLong imagesRemoved = new AtomicLong();
        final AtomicLong bytesFreed = new AtomicLong();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger deferred = new AtomicInteger();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        /** Each task as this pass last wrote or read it. */
        final Map<String, CleanupTask> latest = new java.util.concurrent.ConcurrentHashMap<>();
    }

    /** One task's step in this pass. Used by one thread (the agent calls report back through a queue). */
    private final class TaskRun {
        private final BooleanSupplier mayStart;
        private final Tally tally;
        private final int batchSize;
        private CleanupTask stored;
        private CleanupStatus status;
        /** Every outcome recorded in this pass, re-applied on a status that changed under us. */
        private final List<CleanupPlanner.Outcome> recorded = new ArrayList<>();
        private boolean dirty;
        private boolean cancelled;
        private boolean gone;

        TaskRun(CleanupTask task, BooleanSupplier mayStart, Tally tally) {
            this.stored = task;
            this.status = task.status();
            this.mayStart = mayStart;
            this.tally = tally;
            this.batchSize = task.spec().batchSize();
        }

        void advance() {
            // The pass's LIST came from the watch cache, which may lag the last status write by a moment; acting on a
            // status that old would clean nodes already done (and count them twice), so the step starts from a live read.
            CleanupTask live = store.find(stored.id()).orElse(null);
            if (live == null || !live.needsReconcile()) {
                return;
            }
            stored = live;
            status = live.status();
            if (stored.spec().cancelled()) {
                finishCancel();
                return;
            }
            if (status == null || status.taskPhase() == TaskPhase.PENDING) {
                status = CleanupPlanner.start(stored.spec(), nodes.readyNodes(stored.spec().nodeSelector()), clock.instant());
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
            runNodes();
        }

        /** A cancel was seen (and acted on) or the task vanished or was finished by another writer. */
        private boolean stopped() {
            if (cancelled) {
                finishCancel();
                return true;
            }
            return gone;
        }

        private void runNodes() {
            NodeRollout rollout = new NodeRollout(stored.spec().rolloutStrategy(), batchSize);
            CleanupRequest request = new CleanupRequest(stored.spec().images(), stored.spec().keep(), null,
                    stored.spec().dryRun());
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(batchSize, settings.agentParallelism())),
                    daemon("deckhand-cleanup-node"));
            BlockingQueue<CleanupPlanner.Outcome> done = new LinkedBlockingQueue<>();
            Set<Integer> inFlight = new HashSet<>();
            Map<String, Integer> index = new HashMap<>();
            boolean stop = false;
            boolean deferred = false;
            long lastContact = System.nanoTime();
            try {
                while (true) {
                    if (!stop) {
                        for (int i : rollout.startable(CleanupPlanner.states(status, inFlight))) {
                            if (inFlight.size() >= settings.agentParallelism()) {
                                break;
                            }
                            if (!mayStart.getAsBoolean()) {
                                stop = true;
                                deferred = true;
                                break;
                            }
                            String node = status.nodes().get(i).name();
                            inFlight.add(i);
                            index.put(node, i);
                            pool.execute(() -> done.add(clean(node, request)));
                        }
                    }
                    if (inFlight.isEmpty()) {
                        break;
                    }
                    CleanupPlanner.Outcome outcome = done.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    if (outcome != null) {
                        inFlight.remove(index.remove(outcome.node().node()));
                        count(outcome);
                        record(outcome);
                    }
                    long quiet = System.nanoTime() - lastContact;
                    if (dirty && quiet >= settings.statusFlushInterval().toNanos()) {
                        write();
                        lastContact = System.nanoTime();
                    } else if (quiet >= settings.cancelCheckInterval().toNanos()) {
                        refresh();
                        lastContact = System.nanoTime();
                    }
                    if (cancelled || gone) {
                        stop = true;
                    }
                }
            } catch (InterruptedException e) {
                // The nodes in flight stay pending: the next pass cleans them.
                Thread.currentThread().interrupt();
                deferred = true;
            } finally {
                pool.shutdownNow();
            }
            if (gone) {
                return;
            }
            if (cancelled) {
                finishCancel();
                return;
            }
            CleanupStatus finished = CleanupPlanner.finishIfDone(status, batchSize, clock.instant());
            if (finished != status) {
                status = finished;
                dirty = true;
            }
            if (dirty) {
                write();
                if (stopped()) {
                    return;
                }
            }
            if (status.taskPhase().finished()) {
                tally.finished.incrementAndGet();
            }
            if (deferred) {
                tally.deferred.incrementAndGet();
            }
        }

        /** One node's agent call, never throwing: whatever happens is the node's outcome. */
        private CleanupPlanner.Outcome clean(String node, CleanupRequest request) {
            long started = System.nanoTime();
            try {
                CleanupResult answer = agents.cleanup(node, request);
                return CleanupPlanner.outcome(node, answer, clock.instant(), Duration.ofNanos(System.nanoTime() - started));
            } catch (AgentCallException e) {
                String code = e.error().code();
                return CleanupPlanner.failed(node, code == null || code.isBlank() ? "CleanupFailed" : code,
                        e.error().error(), clock.instant(), Duration.ofNanos(System.nanoTime() - started));
            } catch (AgentUnreachableException e) {
                return CleanupPlanner.failed(node, "UNAVAILABLE", e.getMessage(), clock.instant(),
                        Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException e) {
                return CleanupPlanner.failed(node, "CleanupFailed", String.valueOf(e.getMessage()), clock.instant(),
                        Duration.ofNanos(System.nanoTime() - started));
            }
        }

        private void count(CleanupPlanner.Outcome outcome) {
            (outcome.node().completed() ? tally.nodesCompleted : tally.nodesFailed).incrementAndGet();
            if (outcome.result() != null) {
                tally.imagesRemoved.addAndGet(outcome.result().imagesRemoved());
                tally.bytesFreed.addAndGet(outcome.result().bytesFreed());
            }
        }

        private void record(CleanupPlanner.Outcome outcome) {
            recorded.add(outcome);
            CleanupStatus next = CleanupPlanner.record(status, batchSize, List.of(outcome));
            if (next != status) {
                status = next;
                dirty = true;
            }
        }

        private void refresh() {
            CleanupTask fresh = store.find(stored.id()).orElse(null);
            if (fresh == null) {
                gone = true;
            } else if (fresh.spec().cancelled()) {
                stored = fresh;
                cancelled = true;
            }
        }

        private void finishCancel() {
            CleanupStatus base = stored.status() != null ? CleanupPlanner.record(stored.status(), batchSize, recorded) : status;
            status = CleanupPlanner.cancel(base, stored.spec(), clock.instant());
            cancelled = false;
            for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
                try {
                    stored = store.writeStatus(stored.withStatus(status));
                    tally.writes.incrementAndGet();
                    tally.finished.incrementAndGet();
                    return;
                } catch (StaleTaskException e) {
                    CleanupTask fresh = store.find(stored.id()).orElse(null);
                    if (fresh == null) {
                        return;
                    }
                    stored = fresh;
                    status = CleanupPlanner.cancel(fresh.status() == null ? null
                            : CleanupPlanner.record(fresh.status(), batchSize, recorded), fresh.spec(), clock.instant());
                } catch (TaskNotFoundException e) {
                    return;
                }
            }
            throw new IllegalStateException("the status of cleanup " + stored.id() + " kept changing while it was being cancelled");
        }

        /**
         * Writes the status, conditional on the version last read. On a conflict the task is read again: a cancel or a
         * deletion stops this run; otherwise this pass's outcomes are applied to what is stored and written again.
         */
        private void write() {
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
                    CleanupTask fresh = store.find(stored.id()).orElse(null);
                    if (fresh == null) {
                        gone = true;
                        return;
                    }
                    stored = fresh;
                    if (fresh.spec().cancelled()) {
                        cancelled = true;
                        return;
                    }
                    CleanupStatus theirs = fresh.status();
                    if (theirs != null && theirs.taskPhase().finished()) {
                        gone = true; // another writer finished it: nothing left for this run
                        status = theirs;
                        return;
                    }
                    if (theirs != null && !theirs.nodes().isEmpty()) {
                        status = CleanupPlanner.record(theirs, batchSize, recorded);
                        if (status.taskPhase() != TaskPhase.PENDING && NodeRollout.finished(
                                CleanupPlanner.states(status, Set.of()))) {
                            status = CleanupPlanner.finishIfDone(status, batchSize, clock.instant());
                        }
                    }
                } catch (TaskNotFoundException e) {
                    gone = true;
                    return;
                }
            }
            throw new IllegalStateException("the status of cleanup " + stored.id() + " kept changing under this pass");
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
