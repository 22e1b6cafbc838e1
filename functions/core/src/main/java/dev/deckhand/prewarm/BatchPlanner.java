package dev.deckhand.prewarm;

import dev.deckhand.rollout.NodeRollout;
import dev.deckhand.tasks.FailedNode;
import dev.deckhand.tasks.NodeEntry;
import dev.deckhand.tasks.NodeOutcome;
import dev.deckhand.tasks.Progress;
import dev.deckhand.tasks.TaskPhase;
import dev.deckhand.tasks.Timestamps;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The decisions of prewarm execution, on plain data: which nodes a task covers, which batch is current, which nodes
 * to pull now, what a Job or pod observation means for a node, and when a task is done. No I/O; the reconciler
 * observes, asks here, and applies.
 *
 * <p>Batches are fixed slices of the task's node list: batch {@code k} is nodes {@code [k * batchSize, (k + 1) *
 * batchSize)}. The current batch is the first one with a pending node, so a batch starts only when every node of the
 * ones before has all images or has failed, and never more than {@code batchSize} nodes are in flight. With the window
 * strategy ({@link dev.deckhand.rollout.RolloutStrategy#WINDOW}) the same slices only number the progress (the batch
 * of the first pending node is the current one); which nodes start is {@link NodeRollout}'s decision.
 */
public final class BatchPlanner {

    /** Longest failure message kept per node: a status with thousands of nodes must stay well under etcd's limit. */
    static final int MAX_MESSAGE = 512;
    /**
     * Waiting reasons that mean a pull has failed for good: the kubelet has already retried once
     * (ImagePullBackOff), or will never succeed. A first {@code ErrImagePull} may still be a blip, so it is waited on.
     */
    static final Set<String> FATAL_WAITING = Set.of("ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
    private static final Pattern DIGITS = Pattern.compile("(\\d+)|(\\D+)");

    private BatchPlanner() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lifecycle

    /**
     * The status a task starts with: the Ready nodes that match, in natural name order, all pending. With no node and
     * no {@code followSelector}, the task fails at once with a message saying so.
     */
    public static PrewarmStatus start(PrewarmSpec spec, Collection<String> readyNodes, Instant now) {
        List<NodeEntry> nodes = sortedNames(readyNodes).stream().map(NodeEntry::pending).toList();
        String started = Timestamps.seconds(now);
        if (nodes.isEmpty() && !spec.followSelector()) {
            String message = "no Ready node matches nodeSelector " + new TreeMap<>(spec.nodeSelector());
            return new PrewarmStatus(TaskPhase.FAILED.wire(), List.of(), Progress.NONE, List.of(), started, started, message);
        }
        return withNodes(TaskPhase.RUNNING, nodes, List.of(), spec.batchSize(), started, null, null);
    }

    /** Appends the Ready matching nodes that joined since the task started (followSelector); the rest stays. */
    public static PrewarmStatus follow(PrewarmStatus status, int batchSize, Collection<String> readyNodes) {
        Set<String> known = new LinkedHashSet<>();
        status.nodes().forEach(n -> known.add(n.name()));
        List<NodeEntry> nodes = new ArrayList<>(status.nodes());
        for (String name : sortedNames(readyNodes)) {
            if (known.add(name)) {
                nodes.add(NodeEntry.pending(name));
            }
        }
        if (nodes.size() == status.nodes().size()) {
            return status;
        }
        return withNodes(status.taskPhase(), nodes, status.failedNodeDetails(), batchSize, status.startedAt(),
                status.completedAt(), status.message());
    }

    /** 0-based index of the first batch with a pending node; -1 when no node is pending. */
    public static int currentBatch(PrewarmStatus status, int batchSize) {
        List<NodeEntry> nodes = status.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).isPending()) {
                return i / batchSize;
            }
        }
        return -1;
    }

    /** Index in the node list of each pending node of one batch, in order. */
    public static List<Integer> pendingInBatch(PrewarmStatus status, int batchSize, int batch) {
        List<Integer> pending = new ArrayList<>();
        int end = Math.min(status.nodes().size(), (batch + 1) * batchSize);
        for (int i = batch * batchSize; i < end; i++) {
            if (status.nodes().get(i).isPending()) {
                pending.add(i);
            }
        }
        return pending;
    }

    /**
     * The status with these outcomes recorded. Only pending nodes change: an outcome for a node already finished (a
     * retried write, a second observation) is ignored, so recording is idempotent.
     */
    public static PrewarmStatus record(PrewarmStatus status, int batchSize, Collection<NodeOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return status;
        }
        Map<String, NodeOutcome> byNode = new HashMap<>();
        outcomes.forEach(o -> byNode.putIfAbsent(o.node(), o));
        List<NodeEntry> nodes = new ArrayList<>(status.nodes().size());
        List<FailedNode> failed = new ArrayList<>(status.failedNodeDetails());
        boolean changed = false;
        for (NodeEntry entry : status.nodes()) {
            NodeOutcome outcome = entry.isPending() ? byNode.get(entry.name()) : null;
            if (outcome == null) {
                nodes.add(entry);
                continue;
            }
            changed = true;
            if (outcome.completed()) {
                nodes.add(new NodeEntry(entry.name(), NodeEntry.COMPLETED));
            } else {
                nodes.add(new NodeEntry(entry.name(), NodeEntry.FAILED));
                failed.add(new FailedNode(entry.name(), outcome.reason(), truncate(outcome.message()),
                        Timestamps.seconds(outcome.at())));
            }
        }
        if (!changed) {
            return status;
        }
        return withNodes(status.taskPhase(), nodes, failed, batchSize, status.startedAt(), status.completedAt(),
                status.message());
    }

    /**
     * The final status once no node is pending: failed when every node failed, completed otherwise. A task that follows
     * its selector never finishes on its own (it waits for new nodes until cancelled); neither does one with pending nodes.
     */
    public static PrewarmStatus finishIfDone(PrewarmStatus status, int batchSize, boolean followSelector, Instant now) {
        if (status.taskPhase().finished() || followSelector || currentBatch(status, batchSize) >= 0) {
            return status;
        }
        boolean allFailed = !status.nodes().isEmpty() && status.nodes().stream().allMatch(NodeEntry::isFailed);
        return withNodes(allFailed ? TaskPhase.FAILED : TaskPhase.COMPLETED, status.nodes(), status.failedNodeDetails(),
                batchSize, status.startedAt(), Timestamps.seconds(now), status.message());
    }

    /** The status of a cancelled task: what was done stays; pending nodes stay pending (they were never pulled). */
    public static PrewarmStatus cancel(PrewarmStatus status, PrewarmSpec spec, Instant now) {
        String at = spec.cancelledAt() != null ? Timestamps.seconds(spec.cancelledAt()) : Timestamps.seconds(now);
        if (status == null) {
            return new PrewarmStatus(TaskPhase.CANCELLED.wire(), List.of(), Progress.NONE, List.of(), null, at, null);
        }
        String completedAt = status.completedAt() != null ? status.completedAt() : at;
        return withNodes(TaskPhase.CANCELLED, status.nodes(), status.failedNodeDetails(), spec.batchSize(),
                status.startedAt(), completedAt, status.message());
    }

    /** Longest message of a task given up on: the API server's words, not a 20,000-entry selector echoed back. */
    static final int MAX_GIVE_UP_MESSAGE = 1000;

    /**
     * The status of a task whose step the API server refused the same way pass after pass: failed, with its words;
     * what was done stays, pending nodes stay pending.
     */
    public static PrewarmStatus giveUp(PrewarmStatus status, PrewarmSpec spec, String message, Instant now) {
        String at = Timestamps.seconds(now);
        String words = message.length() > MAX_GIVE_UP_MESSAGE ? message.substring(0, MAX_GIVE_UP_MESSAGE) + "..." : message;
        if (status == null) {
            return new PrewarmStatus(TaskPhase.FAILED.wire(), List.of(), Progress.NONE, List.of(), at, at, words);
        }
        return withNodes(TaskPhase.FAILED, status.nodes(), status.failedNodeDetails(), spec.batchSize(),
                status.startedAt() != null ? status.startedAt() : at, at, words);
    }

    /** The progress block of a node list. */
    public static Progress progress(List<NodeEntry> nodes, int batchSize, TaskPhase phase) {
        int total = nodes.size();
        int completed = 0;
        int failed = 0;
        int firstPending = -1;
        for (int i = 0; i < total; i++) {
            NodeEntry node = nodes.get(i);
            if (node.isCompleted()) {
                completed++;
            } else if (node.isFailed()) {
                failed++;
            } else if (firstPending < 0) {
                firstPending = i;
            }
        }
        int totalBatches = total == 0 ? 0 : (total + batchSize - 1) / batchSize;
        int currentBatch = firstPending >= 0 ? firstPending / batchSize + 1 : totalBatches;
        double percentage;
        if (total == 0) {
            percentage = phase == TaskPhase.COMPLETED ? 100.0 : 0.0;
        } else {
            percentage = Math.round((completed + failed) * 1000.0 / total) / 10.0;
        }
        return new Progress(total, completed, failed, currentBatch, totalBatches, percentage);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Job mode

    /**
     * What the observed Jobs and pods of the current batch mean.
     *
     * @param outcomes nodes that finished (their Job completed or failed, or their pod cannot pull)
     * @param create   indexes (in the node list) of pending nodes of the batch that have no Job yet
     */
    public record JobBatchPlan(List<NodeOutcome> outcomes, List<Integer> create) {
    }

    /** Name of the Job of the node at {@code index} of a task: deterministic, so two passes cannot duplicate it. */
    public static String jobName(String taskId, int index) {
        return taskId + "-" + index;
    }

    /** The node-list index a Job name carries, or -1 when the name is not one of this task's. */
    public static int jobIndex(String taskId, String jobName) {
        String prefix = taskId + "-";
        if (jobName == null || !jobName.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(jobName.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static JobBatchPlan planJobs(String taskId, PrewarmStatus status, int batchSize, int batch,
                                        Collection<ObservedJob> jobs, Collection<ObservedPod> pods, Instant now) {
        List<NodeOutcome> outcomes = new ArrayList<>();
        List<Integer> create = new ArrayList<>();
        observeJobs(taskId, status, pendingInBatch(status, batchSize, batch), jobs, pods, now, outcomes, create);
        return new JobBatchPlan(outcomes, create);
    }

    /**
     * What a window pass does with the observed Jobs of a task.
     *
     * @param outcomes nodes that finished
     * @param create   indexes of the pending nodes to start now (their Jobs to create), at most the free places
     * @param delete   names of this task's Jobs whose node is done (its outcome is in {@code outcomes} or was written
     *                 before): deleted once the outcomes are written, so the task's Jobs stay few
     */
    public record JobWindowPlan(List<NodeOutcome> outcomes, List<Integer> create, List<String> delete) {
    }

    /**
     * Window strategy, job mode: every Job of the task is observed at once (at most {@code batchSize} are in flight),
     * the nodes whose Job ended get their outcome, and the next pending nodes start in their places.
     */
    public static JobWindowPlan planJobWindow(String taskId, PrewarmStatus status, NodeRollout rollout,
                                              Collection<ObservedJob> jobs, Collection<ObservedPod> pods, Instant now) {
        List<NodeEntry> nodes = status.nodes();
        List<Integer> observed = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        for (ObservedJob job : jobs) {
            int index = jobIndex(taskId, job.name());
            if (index < 0 || index >= nodes.size()) {
                continue;
            }
            if (nodes.get(index).isPending()) {
                observed.add(index);
            } else {
                delete.add(job.name());
            }
        }
        observed.sort(null);
        List<NodeOutcome> outcomes = new ArrayList<>();
        observeJobs(taskId, status, observed, jobs, pods, now, outcomes, new ArrayList<>());
        Set<String> ended = new HashSet<>();
        outcomes.forEach(o -> ended.add(o.node()));
        List<NodeRollout.State> states = new ArrayList<>(nodes.size());
        for (NodeEntry node : nodes) {
            states.add(node.isPending() && !ended.contains(node.name()) ? NodeRollout.State.PENDING : NodeRollout.State.DONE);
        }
        for (int index : observed) {
            if (ended.contains(nodes.get(index).name())) {
                delete.add(jobName(taskId, index));
            } else {
                states.set(index, NodeRollout.State.IN_FLIGHT);
            }
        }
        delete.sort(null);
        return new JobWindowPlan(outcomes, rollout.startable(states), delete);
    }

    /** The outcomes of the given pending nodes' Jobs; those without a Job go to {@code withoutJob}. */
    private static void observeJobs(String taskId, PrewarmStatus status, List<Integer> indexes, Collection<ObservedJob> jobs,
                                    Collection<ObservedPod> pods, Instant now, List<NodeOutcome> outcomes,
                                    List<Integer> withoutJob) {
        Map<String, ObservedJob> jobsByName = new HashMap<>();
        jobs.forEach(j -> jobsByName.put(j.name(), j));
        Map<String, ObservedPod> podsByJob = new HashMap<>();
        for (ObservedPod pod : pods) {
            // A Job with backoffLimit 0 has one pod; should there be more, the one with something to tell wins.
            podsByJob.merge(pod.jobName(), pod, (a, b) -> stuck(b) != null ? b : a);
        }
        for (int index : indexes) {
            String node = status.nodes().get(index).name();
            String name = jobName(taskId, index);
            ObservedJob job = jobsByName.get(name);
            if (job == null) {
                withoutJob.add(index);
                continue;
            }
            ObservedPod pod = podsByJob.get(name);
            Duration took = job.startTime() == null ? null
                    : Duration.between(job.startTime(), job.finishTime() != null ? job.finishTime() : now);
            switch (job.state()) {
                case COMPLETE -> outcomes.add(NodeOutcome.completed(node, now, took));
                case FAILED -> outcomes.add(failedJob(node, job, pod, now, took));
                case ACTIVE -> {
                    ObservedPod.Container stuck = pod == null ? null : stuck(pod);
                    if (stuck != null && FATAL_WAITING.contains(stuck.waitingReason())) {
                        outcomes.add(NodeOutcome.failed(node, stuck.waitingReason(), stuck.waitingMessage(), now, took));
                    }
                }
            }
        }
    }

    private static NodeOutcome failedJob(String node, ObservedJob job, ObservedPod pod, Instant now, Duration took) {
        ObservedPod.Container stuck = pod == null ? null : stuck(pod);
        ObservedPod.Container crashed = pod == null ? null : crashed(pod);
        if ("DeadlineExceeded".equals(job.reason())) {
            String message = orDefault(job.message(), "Job was active longer than its deadline");
            if (stuck != null) {
                message += "; container " + stuck.name() + " was waiting: " + stuck.waitingReason()
                        + (stuck.waitingMessage() == null ? "" : ": " + stuck.waitingMessage());
            }
            return NodeOutcome.failed(node, "DeadlineExceeded", message, now, took);
        }
        if (stuck != null) {
            return NodeOutcome.failed(node, stuck.waitingReason(), orDefault(stuck.waitingMessage(), stuck.waitingReason()),
                    now, took);
        }
        if (crashed != null) {
            String reason = orDefault(crashed.terminatedReason(), "Error");
            String message = "container " + crashed.name() + " (" + crashed.image() + ") exited with code "
                    + crashed.exitCode() + (crashed.terminatedMessage() == null ? "" : ": " + crashed.terminatedMessage());
            return NodeOutcome.failed(node, reason, message, now, took);
        }
        return NodeOutcome.failed(node, orDefault(job.reason(), "JobFailed"), orDefault(job.message(), "Job failed"), now, took);
    }

    /** The first container waiting for a reason other than a normal start. */
    private static ObservedPod.Container stuck(ObservedPod pod) {
        for (ObservedPod.Container c : pod.containers()) {
            String reason = c.waitingReason();
            if (reason != null && !reason.equals("ContainerCreating") && !reason.equals("PodInitializing")) {
                return c;
            }
        }
        return null;
    }

    private static ObservedPod.Container crashed(ObservedPod pod) {
        for (ObservedPod.Container c : pod.containers()) {
            if (c.exitCode() != null && c.exitCode() != 0) {
                return c;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------

    private static PrewarmStatus withNodes(TaskPhase phase, List<NodeEntry> nodes, List<FailedNode> failed, int batchSize,
                                           String startedAt, String completedAt, String message) {
        return new PrewarmStatus(phase.wire(), nodes, progress(nodes, batchSize, phase), failed, startedAt, completedAt,
                message);
    }

    /** Names in natural order ({@code node-2} before {@code node-10}), duplicates dropped. */
    static List<String> sortedNames(Collection<String> names) {
        List<String> sorted = new ArrayList<>(new LinkedHashSet<>(names));
        sorted.sort(NATURAL);
        return sorted;
    }

    /** Natural order: names split into runs of digits (compared as numbers, before text) and of other characters. */
    static final Comparator<String> NATURAL = (a, b) -> {
        List<String> ta = tokens(a);
        List<String> tb = tokens(b);
        for (int i = 0; i < Math.min(ta.size(), tb.size()); i++) {
            int c = compareTokens(ta.get(i), tb.get(i));
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(ta.size(), tb.size());
        return c != 0 ? c : a.compareTo(b);
    };

    private static List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        Matcher m = DIGITS.matcher(name);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static int compareTokens(String a, String b) {
        boolean da = a.charAt(0) >= '0' && a.charAt(0) <= '9';
        boolean db = b.charAt(0) >= '0' && b.charAt(0) <= '9';
        if (da != db) {
            return da ? -1 : 1;
        }
        if (!da) {
            return a.compareTo(b);
        }
        String sa = a.replaceFirst("^0+(?=.)", "");
        String sb = b.replaceFirst("^0+(?=.)", "");
        int c = Integer.compare(sa.length(), sb.length());
        if (c == 0) {
            c = sa.compareTo(sb);
        }
        return c != 0 ? c : a.compareTo(b);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static String truncate(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
