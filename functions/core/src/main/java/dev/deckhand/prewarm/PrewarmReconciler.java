package dev.deckhand.prewarm;

import dev.deckhand.cluster.PassWrites;
import dev.deckhand.images.AgentCallException;
import dev.deckhand.images.AgentUnreachableException;
import dev.deckhand.images.NodeAgentClient;
import dev.deckhand.rollout.NodeRollout;
import dev.deckhand.rollout.RolloutStrategy;
import dev.deckhand.tasks.NodeEntry;
import dev.deckhand.tasks.NodeOutcome;
import dev.deckhand.tasks.PassTally;
import dev.deckhand.tasks.TaskNodes;
import dev.deckhand.tasks.TaskPlanner;
import dev.deckhand.tasks.TaskReconciler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Advances every pending and running prewarm task, batch by batch: observe (one LIST of tasks; per task the matching
 * nodes once, and in job mode the current batch's Jobs and pods), plan ({@link BatchPlanner}), apply (pulls through
 * the agents, or Jobs), and record each node's outcome in the task's status. Holds no state between passes: a new
 * process picks up where the last one stopped, and repeats no node whose outcome was written.
 *
 * <p>Agent mode runs within the pass: the nodes the task's {@link NodeRollout} lets start (the current batch's, or with
 * the window strategy the next pending ones as places free up) are pulled in parallel (at most
 * {@code min(batchSize, agentParallelism)} agent calls at once, each node's images one after the other), outcomes are
 * written at most {@link PrewarmSettings#statusFlushInterval()} after they happen and at the end of each batch, until
 * the pass may start nothing more. Pulls in flight when that happens are awaited and
 * written; a node whose images were not all tried stays pending. Job mode creates the current batch's Jobs and
 * returns; a later pass reads how they ended, deletes them, and creates the next batch's (window: a pass reads every
 * Job of the task, writes the outcomes of those that ended, deletes them, and creates Jobs in the freed places).
 *
 * <p>A cancel (written into the task's spec by the API) is seen on the next status write, by a re-read every
 * {@link PrewarmSettings#cancelCheckInterval()} while nothing is written, or by the next pass: no pull starts after
 * it is seen; the task's Jobs are deleted and its status becomes cancelled.
 */
@Singleton
public class PrewarmReconciler
        extends TaskReconciler<PrewarmTask, PrewarmSpec, PrewarmStatus, NodeOutcome, PrewarmReconciler.PrewarmTally> {

    private final PrewarmJobs jobs;
    private final PrewarmJobManifests manifests;
    private final NodeAgentClient agents;
    private final PrewarmMetrics metrics;

    @Inject
    public PrewarmReconciler(PrewarmStore store, TaskNodes nodes, PrewarmJobs jobs, PrewarmJobManifests manifests,
                             NodeAgentClient agents, PrewarmSettings settings, PrewarmMetrics metrics) {
        this(store, nodes, jobs, manifests, agents, settings, metrics, Clock.systemUTC());
    }

    public PrewarmReconciler(PrewarmStore store, TaskNodes nodes, PrewarmJobs jobs, PrewarmJobManifests manifests,
                             NodeAgentClient agents, PrewarmSettings settings, PrewarmMetrics metrics, Clock clock) {
        super(PrewarmTask.KIND, store, new TaskPlanner<>(BatchPlanner::start, BatchPlanner::record, BatchPlanner::cancel,
                BatchPlanner::giveUp), nodes, settings, metrics, clock);
        this.jobs = jobs;
        this.manifests = manifests;
        this.agents = agents;
        this.metrics = metrics;
    }

    /** A pass that starts no pull, Job or task after {@code deadline}. */
    public PrewarmReconcileResult reconcile(Instant deadline) {
        return reconcile(() -> clock.instant().isBefore(deadline));
    }

    /**
     * A pass that starts no pull, Job or task once {@code mayStart} answers false (asked from several threads, before
     * each). Work in flight then finishes and is written; the rest is left to the next pass.
     *
     * @throws dev.deckhand.cluster.ClusterUnavailableException the tasks could not be listed
     */
    public PrewarmReconcileResult reconcile(BooleanSupplier mayStart) {
        return reconcile(PassWrites.unrecorded(mayStart));
    }

    /**
     * A pass of the reconciler. A task whose step the API server refuses the same way on
     * {@link dev.deckhand.cluster.failures.FailurePolicy#giveUpAfter()} consecutive passes (counted in {@code pass}'s
     * failure ledger, which outlives the process) ends failed with the API server's words as its message; the other
     * tasks go on meanwhile.
     */
    public PrewarmReconcileResult reconcile(PassWrites pass) {
        PrewarmTally tally = advanceAll(pass);
        return new PrewarmReconcileResult(tally.tasks(), tally.active(), tally.started.get(), tally.finished.get(),
                tally.nodesCompleted.get(), tally.nodesFailed.get(), tally.jobsCreated.get(), tally.writes.get(),
                tally.deferred.get(), tally.failures());
    }

    /** A pass's counts, with the Jobs it created. */
    static final class PrewarmTally extends PassTally {
        final AtomicInteger jobsCreated = new AtomicInteger();
    }

    @Override
    protected PrewarmTally newTally() {
        return new PrewarmTally();
    }

    @Override
    protected TaskRun newRun(PrewarmTask task, BooleanSupplier mayStart, PrewarmTally tally) {
        return new PrewarmRun(task, mayStart, tally);
    }

    /** One task's step in this pass. Not shared between threads except where noted. */
    private final class PrewarmRun extends TaskRun {
        private final PullMode mode;

        PrewarmRun(PrewarmTask task, BooleanSupplier mayStart, PrewarmTally tally) {
            super(task, mayStart, tally);
            this.mode = task.spec().pullMode();
        }

        @Override
        protected void step(boolean started) {
            if (!started && stored.spec().followSelector()) {
                PrewarmStatus followed = BatchPlanner.follow(status, batchSize, nodes.readyNodes(stored.spec().nodeSelector()));
                dirty |= followed != status;
                status = followed;
            }
            if (mode == PullMode.AGENT) {
                runAgentRollout();
            } else if (stored.spec().rolloutStrategy() == RolloutStrategy.WINDOW) {
                runJobWindow();
            } else {
                runJobBatches();
            }
        }

        @Override
        protected void beforeCancel() {
            if (stored.spec().pullMode() == PullMode.JOB) {
                jobs.deleteAll(stored.id());
            }
        }

        // -----------------------------------------------------------------------------------------------------
        // Agent mode

        /**
         * Pulls the pending nodes as the task's {@link NodeRollout} lets them start (a batch at a time, or a window of
         * {@code batchSize}), until none is left or the pass may start nothing more. With batches, the status is written
         * whenever a batch is done; with either, at most {@link PrewarmSettings#statusFlushInterval()} after a node ends.
         */
        private void runAgentRollout() {
            NodeRollout rollout = stored.spec().rollout();
            List<NodeRollout.State> states = new ArrayList<>(status.nodes().size());
            status.nodes().forEach(n -> states.add(n.isPending() ? NodeRollout.State.PENDING : NodeRollout.State.DONE));
            if (NodeRollout.finished(states)) {
                finishIfDone();
                return;
            }
            if (!mayStart.getAsBoolean()) {
                tally.deferred.incrementAndGet();
                if (dirty) {
                    write();
                    stopped();
                }
                return;
            }
            int parallel = Math.max(1, Math.min(batchSize, settings.agentParallelism()));
            ExecutorService pool = Executors.newFixedThreadPool(parallel, daemon("deckhand-prewarm-pull"));
            BlockingQueue<Pulled> done = new LinkedBlockingQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<String> images = stored.spec().images();
            int inFlight = 0;
            boolean unfinished = false;
            int batch = rollout.currentBatch(states);
            List<NodeOutcome> buffer = new ArrayList<>();
            long lastContact = System.nanoTime();
            try {
                while (true) {
                    if (!stop.get() && !unfinished) {
                        for (int index : rollout.startable(states)) {
                            if (!mayStart.getAsBoolean()) {
                                unfinished = true;
                                break;
                            }
                            states.set(index, NodeRollout.State.IN_FLIGHT);
                            inFlight++;
                            String node = status.nodes().get(index).name();
                            pool.execute(() -> done.add(new Pulled(index, pullNodeSafely(node, images, stop))));
                        }
                    }
                    if (inFlight == 0) {
                        break;
                    }
                    Pulled pulled = done.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    if (pulled != null) {
                        inFlight--;
                        if (pulled.outcome() == null) {
                            states.set(pulled.index(), NodeRollout.State.PENDING);
                            unfinished = true;
                        } else {
                            states.set(pulled.index(), NodeRollout.State.DONE);
                            buffer.add(pulled.outcome());
                            count(pulled.outcome());
                        }
                    }
                    if (stop.get()) {
                        continue;
                    }
                    int current = rollout.currentBatch(states);
                    long quiet = System.nanoTime() - lastContact;
                    boolean batchDone = rollout.strategy() == RolloutStrategy.BATCH && current != batch && current >= 0;
                    batch = current;
                    if (!buffer.isEmpty() && (batchDone || quiet >= settings.statusFlushInterval().toNanos())) {
                        flush(buffer);
                        lastContact = System.nanoTime();
                    } else if (quiet >= settings.cancelCheckInterval().toNanos()) {
                        refresh();
                        lastContact = System.nanoTime();
                    }
                    if (cancelled || gone) {
                        stop.set(true);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
                unfinished = true;
            } finally {
                pool.shutdownNow();
            }
            if (cancelled || gone) {
                record(buffer);
                stopped();
                return;
            }
            flushAndMaybeFinish(buffer);
            if (stopped()) {
                return;
            }
            if (unfinished) {
                tally.deferred.incrementAndGet();
            }
        }

        /** How one started node ended: its outcome, or null when it was told to stop before its last image. */
        private record Pulled(int index, NodeOutcome outcome) {
        }

        private NodeOutcome pullNodeSafely(String node, List<String> images, AtomicBoolean stop) {
            try {
                return pullNode(node, images, stop);
            } catch (RuntimeException e) {
                return NodeOutcome.failed(node, "PullFailed", String.valueOf(e.getMessage()), clock.instant(), null);
            }
        }

        /** All of one node's images, one after the other; null when told to stop before the last. */
        private NodeOutcome pullNode(String node, List<String> images, AtomicBoolean stop) {
            long started = System.nanoTime();
            String reason = null;
            List<String> failures = new ArrayList<>();
            for (String image : images) {
                if (stop.get() || !mayStart.getAsBoolean()) {
                    return null;
                }
                try {
                    agents.pull(node, image);
                } catch (AgentCallException e) {
                    String code = e.error().code();
                    reason = reason != null ? reason : (code == null || code.isBlank() ? "PullFailed" : code);
                    failures.add(image + ": " + e.error().error());
                } catch (AgentUnreachableException e) {
                    reason = reason != null ? reason : "UNAVAILABLE";
                    failures.add(image + ": " + e.getMessage());
                    break; // the agent is gone: the other images would fail the same way
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Instant now = clock.instant();
            return failures.isEmpty() ? NodeOutcome.completed(node, now, took)
                    : NodeOutcome.failed(node, reason, String.join("; ", failures), now, took);
        }

        private void flush(List<NodeOutcome> buffer) {
            record(buffer);
            buffer.clear();
            write();
        }

        private void flushAndMaybeFinish(List<NodeOutcome> buffer) {
            record(buffer);
            buffer.clear();
            PrewarmStatus finished = BatchPlanner.finishIfDone(status, batchSize, stored.spec().followSelector(), clock.instant());
            if (finished != status) {
                status = finished;
                dirty = true;
            }
            if (dirty) {
                write();
                if (!cancelled && !gone && status.taskPhase().finished()) {
                    tally.finished.incrementAndGet();
                }
            }
        }

        // -----------------------------------------------------------------------------------------------------
        // Job mode

        private void runJobBatches() {
            // At most one batch is finished and the next one started per pass: Jobs take their time.
            for (int round = 0; round < 2; round++) {
                int batch = BatchPlanner.currentBatch(status, batchSize);
                if (batch < 0) {
                    finishJobsIfDone();
                    return;
                }
                List<ObservedJob> observed = jobs.list(stored.id(), batch);
                boolean unsettled = observed.stream().anyMatch(j -> j.state() != ObservedJob.State.COMPLETE);
                List<ObservedPod> pods = unsettled ? jobs.pods(stored.id(), batch) : List.of();
                BatchPlanner.JobBatchPlan plan = BatchPlanner.planJobs(stored.id(), status, batchSize, batch, observed, pods,
                        clock.instant());
                plan.outcomes().forEach(this::count);
                record(plan.outcomes());
                if (BatchPlanner.currentBatch(status, batchSize) != batch) {
                    // The batch is done: write its outcomes, then remove its Jobs, then start the next batch.
                    if (endIfDone()) {
                        return;
                    }
                    write();
                    if (stopped()) {
                        return;
                    }
                    jobs.deleteBatch(stored.id(), batch);
                    continue;
                }
                for (int index : plan.create()) {
                    if (!mayStart.getAsBoolean()) {
                        tally.deferred.incrementAndGet();
                        break;
                    }
                    if (jobs.create(manifests.job(stored, index, status.nodes().get(index).name()))) {
                        tally.jobsCreated.incrementAndGet();
                    }
                }
                if (dirty) {
                    write();
                    stopped();
                }
                return;
            }
        }

        /**
         * Window strategy, job mode: one look at every Job of the task; the outcomes of those that ended are written,
         * then their Jobs deleted, then as many Jobs created as there are free places.
         */
        private void runJobWindow() {
            if (BatchPlanner.currentBatch(status, batchSize) < 0) {
                finishJobsIfDone();
                return;
            }
            List<ObservedJob> observed = jobs.list(stored.id());
            boolean unsettled = observed.stream().anyMatch(j -> j.state() != ObservedJob.State.COMPLETE);
            List<ObservedPod> pods = unsettled ? jobs.pods(stored.id()) : List.of();
            BatchPlanner.JobWindowPlan plan = BatchPlanner.planJobWindow(stored.id(), status, stored.spec().rollout(),
                    observed, pods, clock.instant());
            plan.outcomes().forEach(this::count);
            record(plan.outcomes());
            if (endIfDone()) {
                return;
            }
            // Outcomes first: a pass that stops between the two finds the Jobs again and deletes them then.
            if (dirty) {
                write();
                if (stopped()) {
                    return;
                }
            }
            plan.delete().forEach(jobs::delete);
            for (int index : plan.create()) {
                if (!mayStart.getAsBoolean()) {
                    tally.deferred.incrementAndGet();
                    break;
                }
                if (jobs.create(manifests.job(stored, index, status.nodes().get(index).name()))) {
                    tally.jobsCreated.incrementAndGet();
                }
            }
        }

        private void finishJobsIfDone() {
            if (!endIfDone() && dirty) {
                write();
                stopped();
            }
        }

        /** Job mode: ends the task when every node has its outcome (its Jobs deleted, its status written); true if it did. */
        private boolean endIfDone() {
            PrewarmStatus finished = BatchPlanner.finishIfDone(status, batchSize, stored.spec().followSelector(), clock.instant());
            if (!finished.taskPhase().finished()) {
                return false;
            }
            status = finished;
            jobs.deleteAll(stored.id());
            write();
            if (!stopped()) {
                tally.finished.incrementAndGet();
            }
            return true;
        }

        // -----------------------------------------------------------------------------------------------------
        // Both modes

        private void finishIfDone() {
            PrewarmStatus finished = BatchPlanner.finishIfDone(status, batchSize, stored.spec().followSelector(), clock.instant());
            if (finished != status) {
                status = finished;
                dirty = true;
            }
            if (dirty) {
                write();
                if (!stopped() && status.taskPhase().finished()) {
                    tally.finished.incrementAndGet();
                }
            }
        }

        private void count(NodeOutcome outcome) {
            (outcome.completed() ? tally.nodesCompleted : tally.nodesFailed).incrementAndGet();
            metrics.nodeFinished(mode, outcome);
        }

        @Override
        protected PrewarmStatus merge(PrewarmStatus theirs, PrewarmStatus ours) {
            if (theirs == null || theirs.nodes().isEmpty() && !ours.nodes().isEmpty()) {
                return ours;
            }
            if (theirs.taskPhase().finished()) {
                gone = true; // another writer finished it: nothing left for this run
                return theirs;
            }
            PrewarmStatus merged = withRecorded(theirs);
            merged = BatchPlanner.follow(merged, batchSize, ours.nodes().stream().map(NodeEntry::name).toList());
            if (ours.taskPhase().finished()) {
                merged = BatchPlanner.finishIfDone(merged, batchSize, stored.spec().followSelector(), clock.instant());
            }
            return merged;
        }
    }
}
