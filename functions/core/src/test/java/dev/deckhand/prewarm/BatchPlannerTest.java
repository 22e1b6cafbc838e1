package dev.deckhand.prewarm;

import dev.deckhand.rollout.NodeRollout;
import dev.deckhand.rollout.RolloutStrategy;
import dev.deckhand.tasks.FailedNode;
import dev.deckhand.tasks.NodeEntry;
import dev.deckhand.tasks.NodeOutcome;
import dev.deckhand.tasks.Progress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchPlannerTest {

    private static final Instant T0 = Instant.parse("2026-01-16T15:12:35.250Z");
    private static final String TASK = "task-20260116-151234-a1b2c3d4";

    private static PrewarmSpec spec(int batchSize, boolean follow) {
        return new PrewarmSpec(List.of("nginx:latest", "redis:7"), batchSize, Map.of(), follow, List.of(), "agent",
                null, "2026-01-16T15:12:34.000Z", false, null);
    }

    private static List<String> nodes(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "node-" + i).toList();
    }

    private static List<NodeOutcome> completed(PrewarmStatus status, List<Integer> indexes) {
        return indexes.stream().map(i -> NodeOutcome.completed(status.nodes().get(i).name(), T0, Duration.ofSeconds(1))).toList();
    }

    @Test
    void startFixesReadyNodesInNaturalOrderAllPending() {
        PrewarmStatus status = BatchPlanner.start(spec(3, false), List.of("node-10", "node-2", "node-1", "node-2"), T0);
        assertEquals("running", status.phase());
        assertEquals(List.of("node-1", "node-2", "node-10"), status.nodes().stream().map(NodeEntry::name).toList());
        assertTrue(status.nodes().stream().allMatch(NodeEntry::isPending));
        assertEquals(new Progress(3, 0, 0, 1, 1, 0.0), status.progress());
        assertEquals("2026-01-16T15:12:35Z", status.startedAt());
        assertNull(status.completedAt());
    }

    @Test
    void twentyNodesInBatchesOfThreeRunSevenBatchesOneAfterTheOther() {
        PrewarmStatus status = BatchPlanner.start(spec(3, false), nodes(20), T0);
        assertEquals(7, status.progress().totalBatches());
        List<Integer> seenBatches = new ArrayList<>();
        int maxInBatch = 0;
        while (BatchPlanner.currentBatch(status, 3) >= 0) {
            int batch = BatchPlanner.currentBatch(status, 3);
            seenBatches.add(batch);
            List<Integer> pending = BatchPlanner.pendingInBatch(status, 3, batch);
            maxInBatch = Math.max(maxInBatch, pending.size());
            assertEquals(batch + 1, status.progress().currentBatch());
            status = BatchPlanner.record(status, 3, completed(status, pending));
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), seenBatches);
        assertEquals(3, maxInBatch);
        PrewarmStatus done = BatchPlanner.finishIfDone(status, 3, false, T0.plusSeconds(9));
        assertEquals("completed", done.phase());
        assertEquals(new Progress(20, 20, 0, 7, 7, 100.0), done.progress());
        assertEquals("2026-01-16T15:12:44Z", done.completedAt());
    }

    @Test
    void aBatchIsCurrentUntilEveryNodeOfItIsDoneEvenWhenLaterNodesAreNot() {
        PrewarmStatus status = BatchPlanner.start(spec(3, false), nodes(7), T0);
        status = BatchPlanner.record(status, 3, completed(status, List.of(0, 2)));
        assertEquals(0, BatchPlanner.currentBatch(status, 3));
        assertEquals(List.of(1), BatchPlanner.pendingInBatch(status, 3, 0));
        status = BatchPlanner.record(status, 3, List.of(NodeOutcome.failed("node-2", "UNKNOWN", "no such host", T0, null)));
        assertEquals(1, BatchPlanner.currentBatch(status, 3));
        assertEquals(List.of(3, 4, 5), BatchPlanner.pendingInBatch(status, 3, 1));
        assertEquals(new Progress(7, 2, 1, 2, 3, 42.9), status.progress());
        assertEquals(List.of(new FailedNode("node-2", "UNKNOWN", "no such host", "2026-01-16T15:12:35Z")),
                status.failedNodeDetails());
    }

    @Test
    void recordingIsIdempotentAndIgnoresFinishedOrUnknownNodes() {
        PrewarmStatus status = BatchPlanner.start(spec(2, false), nodes(2), T0);
        PrewarmStatus once = BatchPlanner.record(status, 2, List.of(NodeOutcome.failed("node-1", "X", "m", T0, null)));
        PrewarmStatus twice = BatchPlanner.record(once, 2, List.of(
                NodeOutcome.completed("node-1", T0, null), NodeOutcome.completed("node-99", T0, null)));
        assertSame(once, twice);
        assertEquals(1, twice.failedNodeDetails().size());
    }

    @Test
    void everyNodeFailedMeansFailedAndSomeFailedMeansCompletedWithTheFailuresListed() {
        PrewarmStatus status = BatchPlanner.start(spec(5, false), nodes(2), T0);
        PrewarmStatus allFailed = BatchPlanner.record(status, 5, List.of(
                NodeOutcome.failed("node-1", "UNKNOWN", "a", T0, null), NodeOutcome.failed("node-2", "UNKNOWN", "b", T0, null)));
        assertEquals("failed", BatchPlanner.finishIfDone(allFailed, 5, false, T0).phase());
        PrewarmStatus oneFailed = BatchPlanner.record(status, 5, List.of(
                NodeOutcome.failed("node-1", "UNKNOWN", "a", T0, null), NodeOutcome.completed("node-2", T0, null)));
        PrewarmStatus done = BatchPlanner.finishIfDone(oneFailed, 5, false, T0);
        assertEquals("completed", done.phase());
        assertEquals(List.of("node-1"), done.failedNodeDetails().stream().map(FailedNode::nodeName).toList());
    }

    @Test
    void noMatchingNodeFailsTheTaskAtOnceWithAMessageUnlessItFollowsItsSelector() {
        PrewarmSpec spec = new PrewarmSpec(List.of("nginx:1"), 10, Map.of("workload", "gpu"), false, List.of(), "agent",
                null, null, false, null);
        PrewarmStatus none = BatchPlanner.start(spec, List.of(), T0);
        assertEquals("failed", none.phase());
        assertEquals("no Ready node matches nodeSelector {workload=gpu}", none.message());
        assertEquals(Progress.NONE, none.progress());
        assertEquals(none.startedAt(), none.completedAt());

        PrewarmStatus waiting = BatchPlanner.start(spec(10, true), List.of(), T0);
        assertEquals("running", waiting.phase());
        assertSame(waiting, BatchPlanner.finishIfDone(waiting, 10, true, T0), "a following task waits for nodes");
    }

    @Test
    void followAppendsOnlyNewNodesAndReopensTheLastBatch() {
        PrewarmStatus status = BatchPlanner.start(spec(3, true), nodes(4), T0);
        status = BatchPlanner.record(status, 3, completed(status, List.of(0, 1, 2, 3)));
        assertEquals(-1, BatchPlanner.currentBatch(status, 3));
        assertSame(status, BatchPlanner.follow(status, 3, nodes(4)));
        PrewarmStatus grown = BatchPlanner.follow(status, 3, List.of("node-5", "node-1", "node-6", "node-7"));
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4", "node-5", "node-6", "node-7"),
                grown.nodes().stream().map(NodeEntry::name).toList());
        assertEquals(1, BatchPlanner.currentBatch(grown, 3));
        assertEquals(List.of(4, 5), BatchPlanner.pendingInBatch(grown, 3, 1));
        assertEquals(new Progress(7, 4, 0, 2, 3, 57.1), grown.progress());
    }

    @Test
    void cancelKeepsWhatWasDoneAndUsesTheCancelTime() {
        PrewarmStatus status = BatchPlanner.start(spec(2, false), nodes(4), T0);
        status = BatchPlanner.record(status, 2, completed(status, List.of(0, 1)));
        PrewarmSpec cancelled = spec(2, false).withCancel("2026-01-16T15:13:00Z");
        PrewarmStatus after = BatchPlanner.cancel(status, cancelled, T0.plusSeconds(60));
        assertEquals("cancelled", after.phase());
        assertEquals("2026-01-16T15:13:00Z", after.completedAt());
        assertEquals(new Progress(4, 2, 0, 2, 2, 50.0), after.progress());
        PrewarmStatus neverStarted = BatchPlanner.cancel(null, cancelled, T0);
        assertEquals("cancelled", neverStarted.phase());
        assertEquals(0, neverStarted.nodes().size());
    }

    @Test
    void naturalOrderPutsNumbersBeforeTextAndComparesThemAsNumbers() {
        List<String> sorted = BatchPlanner.sortedNames(List.of("node-10", "node-9", "node-a", "node-009", "ip-10-0-1-2",
                "ip-10-0-1-10", "node"));
        assertEquals(List.of("ip-10-0-1-2", "ip-10-0-1-10", "node", "node-009", "node-9", "node-10", "node-a"), sorted);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Job mode

    private static ObservedJob job(int index, ObservedJob.State state, String reason, String message) {
        return new ObservedJob(BatchPlanner.jobName(TASK, index), state, reason, message, T0, state == ObservedJob.State.ACTIVE ? null : T0.plusSeconds(3));
    }

    private static ObservedPod pod(int index, String waitingReason, String waitingMessage) {
        return new ObservedPod(BatchPlanner.jobName(TASK, index), "Pending", List.of(
                new ObservedPod.Container("helper", "busybox:latest", null, null, "Completed", null, 0),
                new ObservedPod.Container("image-0", "fail.invalid/app:1", waitingReason, waitingMessage, null, null, null)));
    }

    @Test
    void jobNamesAreDeterministicAndCarryTheNodeIndex() {
        assertEquals(TASK + "-17", BatchPlanner.jobName(TASK, 17));
        assertEquals(17, BatchPlanner.jobIndex(TASK, TASK + "-17"));
        assertEquals(-1, BatchPlanner.jobIndex(TASK, "task-20260116-151234-ffffffff-17"));
        assertTrue(BatchPlanner.jobName(TASK, 99_999).length() <= 52, "a pod name adds 6 characters and stays under 63");
    }

    @Test
    void jobPlanCreatesMissingJobsOfTheCurrentBatchOnly() {
        PrewarmStatus status = BatchPlanner.start(spec(3, false), nodes(7), T0);
        BatchPlanner.JobBatchPlan plan = BatchPlanner.planJobs(TASK, status, 3, 0,
                List.of(job(1, ObservedJob.State.ACTIVE, null, null)), List.of(), T0);
        assertEquals(List.of(0, 2), plan.create());
        assertEquals(List.of(), plan.outcomes());
    }

    @Test
    void jobOutcomesCarryThePodsWaitingReasonOrTheJobsDeadline() {
        PrewarmStatus status = BatchPlanner.start(spec(4, false), nodes(4), T0);
        String backOff = "Back-off pulling image \"fail.invalid/app:1\": ErrImagePull: no such host";
        BatchPlanner.JobBatchPlan plan = BatchPlanner.planJobs(TASK, status, 4, 0, List.of(
                        job(0, ObservedJob.State.COMPLETE, null, null),
                        job(1, ObservedJob.State.FAILED, "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                        job(2, ObservedJob.State.FAILED, "DeadlineExceeded", "Job was active longer than specified deadline"),
                        job(3, ObservedJob.State.ACTIVE, null, null)),
                List.of(pod(1, "ImagePullBackOff", backOff), pod(2, "ErrImagePull", "dial tcp: no such host"),
                        pod(3, "ErrImagePull", "first try")),
                T0.plusSeconds(5));
        assertEquals(List.of(), plan.create());
        assertEquals(3, plan.outcomes().size(), "the active Job whose first pull failed is given its back-off: " + plan.outcomes());
        NodeOutcome ok = plan.outcomes().get(0);
        assertTrue(ok.completed());
        assertEquals(Duration.ofSeconds(3), ok.took());
        NodeOutcome pull = plan.outcomes().get(1);
        assertEquals("node-2", pull.node());
        assertEquals("ImagePullBackOff", pull.reason());
        assertEquals(backOff, pull.message());
        NodeOutcome deadline = plan.outcomes().get(2);
        assertEquals("DeadlineExceeded", deadline.reason());
        assertTrue(deadline.message().startsWith("Job was active longer than specified deadline; container image-0 was waiting: ErrImagePull"),
                deadline.message());
    }

    @Test
    void anActiveJobWhosePodIsInBackOffFailsWithoutWaitingForTheDeadline() {
        PrewarmStatus status = BatchPlanner.start(spec(1, false), nodes(1), T0);
        BatchPlanner.JobBatchPlan plan = BatchPlanner.planJobs(TASK, status, 1, 0,
                List.of(job(0, ObservedJob.State.ACTIVE, null, null)), List.of(pod(0, "ImagePullBackOff", "Back-off")), T0);
        assertEquals("ImagePullBackOff", plan.outcomes().get(0).reason());
    }

    private static final NodeRollout WINDOW_OF_3 = new NodeRollout(RolloutStrategy.WINDOW, 3);

    @Test
    void jobWindowStartsTheFirstBatchSizeNodesOfAFreshTask() {
        PrewarmStatus status = BatchPlanner.start(spec(3, false), nodes(7), T0);
        BatchPlanner.JobWindowPlan plan = BatchPlanner.planJobWindow(TASK, status, WINDOW_OF_3, List.of(), List.of(), T0);
        assertEquals(List.of(0, 1, 2), plan.create());
        assertEquals(List.of(), plan.outcomes());
        assertEquals(List.of(), plan.delete());
    }

    @Test
    void jobWindowReplacesEachFinishedNodeWhileAStragglerStillPulls() {
        // Node 0 is a straggler; nodes 1 and 2 ended (one completed, one in back-off); 3 places in all.
        PrewarmStatus status = BatchPlanner.start(spec(3, false), nodes(7), T0);
        BatchPlanner.JobWindowPlan plan = BatchPlanner.planJobWindow(TASK, status, WINDOW_OF_3, List.of(
                        job(0, ObservedJob.State.ACTIVE, null, null),
                        job(1, ObservedJob.State.COMPLETE, null, null),
                        job(2, ObservedJob.State.ACTIVE, null, null)),
                List.of(pod(2, "ImagePullBackOff", "Back-off pulling image")), T0.plusSeconds(5));
        assertEquals(List.of("node-2", "node-3"), plan.outcomes().stream().map(NodeOutcome::node).toList());
        assertEquals(List.of(3, 4), plan.create(), "the two free places go to the next pending nodes at once");
        assertEquals(List.of(BatchPlanner.jobName(TASK, 1), BatchPlanner.jobName(TASK, 2)), plan.delete());
        // The batch strategy, on the same observation, starts nothing while node 0 pulls.
        assertEquals(List.of(), BatchPlanner.planJobs(TASK, status, 3, 0, List.of(
                job(0, ObservedJob.State.ACTIVE, null, null), job(1, ObservedJob.State.COMPLETE, null, null),
                job(2, ObservedJob.State.ACTIVE, null, null)), List.of(), T0).create());
    }

    @Test
    void jobWindowNeverHasMoreThanBatchSizeJobsAndDeletesJobsOfNodesAlreadyWritten() {
        PrewarmStatus status = BatchPlanner.start(spec(3, false), nodes(7), T0);
        status = BatchPlanner.record(status, 3, completed(status, List.of(0, 1)));
        // Job 0's node was written as completed by an earlier pass that stopped before deleting it; 2, 3, 4 pull.
        BatchPlanner.JobWindowPlan plan = BatchPlanner.planJobWindow(TASK, status, WINDOW_OF_3, List.of(
                job(0, ObservedJob.State.COMPLETE, null, null), job(2, ObservedJob.State.ACTIVE, null, null),
                job(3, ObservedJob.State.ACTIVE, null, null), job(4, ObservedJob.State.ACTIVE, null, null)), List.of(), T0);
        assertEquals(List.of(), plan.create());
        assertEquals(List.of(), plan.outcomes());
        assertEquals(List.of(BatchPlanner.jobName(TASK, 0)), plan.delete());
        assertEquals(1, status.progress().currentBatch(), "progress numbers batches the same way in both strategies");
    }

    @Test
    void aFailedJobWithoutPodDetailsStillHasAReason() {
        PrewarmStatus status = BatchPlanner.start(spec(2, false), nodes(2), T0);
        BatchPlanner.JobBatchPlan plan = BatchPlanner.planJobs(TASK, status, 2, 0, List.of(
                job(0, ObservedJob.State.FAILED, null, null),
                job(1, ObservedJob.State.FAILED, "DeadlineExceeded", null)), List.of(), T0);
        assertEquals("JobFailed", plan.outcomes().get(0).reason());
        assertEquals("DeadlineExceeded", plan.outcomes().get(1).reason());
        assertTrue(plan.outcomes().get(1).message().contains("deadline"));
    }

    @Test
    void aCrashedHelperIsReportedWithItsExitCode() {
        PrewarmStatus status = BatchPlanner.start(spec(1, false), nodes(1), T0);
        ObservedPod crashed = new ObservedPod(BatchPlanner.jobName(TASK, 0), "Failed", List.of(
                new ObservedPod.Container("image-0", "distroless/static:1", null, null, "StartError", "exec format error", 128)));
        NodeOutcome outcome = BatchPlanner.planJobs(TASK, status, 1, 0,
                List.of(job(0, ObservedJob.State.FAILED, "BackoffLimitExceeded", "limit")), List.of(crashed), T0).outcomes().get(0);
        assertEquals("StartError", outcome.reason());
        assertEquals("container image-0 (distroless/static:1) exited with code 128: exec format error", outcome.message());
    }

    @Test
    void longMessagesAreCut() {
        PrewarmStatus status = BatchPlanner.start(spec(1, false), nodes(1), T0);
        PrewarmStatus after = BatchPlanner.record(status, 1, List.of(NodeOutcome.failed("node-1", "X", "m".repeat(5000), T0, null)));
        assertEquals(BatchPlanner.MAX_MESSAGE, after.failedNodeDetails().get(0).message().length());
    }
}
