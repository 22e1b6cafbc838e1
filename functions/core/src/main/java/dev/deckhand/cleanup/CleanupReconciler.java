package dev.deckhand.cleanup;

import dev.deckhand.agent.api.CleanupRequest;
import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.cluster.PassWrites;
import dev.deckhand.images.AgentCallException;
import dev.deckhand.images.AgentUnreachableException;
import dev.deckhand.images.NodeAgentClient;
import dev.deckhand.rollout.NodeRollout;
import dev.deckhand.tasks.PassTally;
import dev.deckhand.tasks.TaskNodes;
import dev.deckhand.tasks.TaskPhase;
import dev.deckhand.tasks.TaskPlanner;
import dev.deckhand.tasks.TaskReconciler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
public class CleanupReconciler extends TaskReconciler<CleanupTask, CleanupSpec, CleanupStatus, CleanupPlanner.Outcome,
        CleanupReconciler.CleanupTally> {

    private final NodeAgentClient agents;

    @Inject
    public CleanupReconciler(CleanupStore store, TaskNodes nodes, NodeAgentClient agents, CleanupSettings settings,
                             CleanupMetrics metrics) {
        this(store, nodes, agents, settings, metrics, Clock.systemUTC());
    }

    public CleanupReconciler(CleanupStore store, TaskNodes nodes, NodeAgentClient agents, CleanupSettings settings,
                             CleanupMetrics metrics, Clock clock) {
        super(CleanupTask.KIND, store, new TaskPlanner<>(CleanupPlanner::start, CleanupPlanner::record, CleanupPlanner::cancel,
                CleanupPlanner::giveUp), nodes, settings, metrics, clock);
        this.agents = agents;
    }

    /** A pass that starts no node or task after {@code deadline}. */
    public CleanupReconcileResult reconcile(Instant deadline) {
        return reconcile(PassWrites.unrecorded(() -> clock.instant().isBefore(deadline)));
    }

    /**
     * A pass of the reconciler. A task whose step the API server refuses the same way on consecutive passes (counted in
     * {@code pass}'s failure ledger) ends failed with the API server's words; the other tasks go on meanwhile.
     *
     * @throws dev.deckhand.cluster.ClusterUnavailableException the tasks could not be listed
     */
    public CleanupReconcileResult reconcile(PassWrites pass) {
        CleanupTally tally = advanceAll(pass);
        return new CleanupReconcileResult(tally.tasks(), tally.active(), tally.started.get(), tally.finished.get(),
                tally.nodesCompleted.get(), tally.nodesFailed.get(), tally.imagesRemoved.get(), tally.bytesFreed.get(),
                tally.writes.get(), tally.deferred.get(), tally.failures());
    }

    /** A pass's counts, with what the agents removed. */
    static final class CleanupTally extends PassTally {
        final AtomicLong imagesRemoved = new AtomicLong();
        final AtomicLong bytesFreed = new AtomicLong();
    }

    @Override
    protected CleanupTally newTally() {
        return new CleanupTally();
    }

    @Override
    protected TaskRun newRun(CleanupTask task, BooleanSupplier mayStart, CleanupTally tally) {
        return new CleanupRun(task, mayStart, tally);
    }

    /** One task's step in this pass. Used by one thread (the agent calls report back through a queue). */
    private final class CleanupRun extends TaskRun {

        CleanupRun(CleanupTask task, BooleanSupplier mayStart, CleanupTally tally) {
            super(task, mayStart, tally);
        }

        @Override
        protected void step(boolean started) {
            runNodes();
        }

        @Override
        protected CleanupStatus merge(CleanupStatus theirs, CleanupStatus ours) {
            if (theirs != null && theirs.taskPhase().finished()) {
                gone = true; // another writer finished it: nothing left for this run
                return theirs;
            }
            if (theirs == null || theirs.nodes().isEmpty()) {
                return ours;
            }
            CleanupStatus merged = withRecorded(theirs);
            if (merged.taskPhase() != TaskPhase.PENDING && NodeRollout.finished(CleanupPlanner.states(merged, Set.of()))) {
                merged = CleanupPlanner.finishIfDone(merged, batchSize, clock.instant());
            }
            return merged;
        }

        private void runNodes() {
            NodeRollout rollout = stored.spec().rollout();
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
                        record(List.of(outcome));
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
    }
}
