package dev.deckhand.cleanup;

import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.prewarm.BatchPlanner;
import dev.deckhand.prewarm.PrewarmSpec;
import dev.deckhand.prewarm.PrewarmStatus;
import dev.deckhand.rollout.NodeRollout;
import dev.deckhand.tasks.NodeEntry;
import dev.deckhand.tasks.NodeOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The decisions of a cleanup on plain data. The node list and its lifecycle (which nodes, in which order, recording
 * outcomes, finishing, cancelling) are a prewarm task's, so they are {@link BatchPlanner}'s; this class adds what is a
 * cleanup's own: each node's {@link NodeResult}, and turning an agent's answer into an outcome.
 */
public final class CleanupPlanner {

    /** Most image names kept per node in the status; the counts stay exact. */
    public static final int MAX_NAMES_PER_NODE = 20;

    private CleanupPlanner() {
    }

    /** How one node ended: its outcome for the node list, and what it removed (null when the agent did not answer). */
    public record Outcome(NodeOutcome node, NodeResult result) {
    }

    /** The status a task starts with: the Ready matching nodes in natural name order; failed when none matches. */
    public static CleanupStatus start(CleanupSpec spec, Collection<String> readyNodes, Instant now) {
        return CleanupStatus.of(BatchPlanner.start(rolloutSpec(spec), readyNodes, now), List.of());
    }

    /** The rollout states of the node list: pending, in flight (started in this pass and not back), done. */
    public static List<NodeRollout.State> states(CleanupStatus status, Set<Integer> inFlight) {
        List<NodeRollout.State> states = new ArrayList<>(status.nodes().size());
        for (int i = 0; i < status.nodes().size(); i++) {
            NodeEntry node = status.nodes().get(i);
            states.add(!node.isPending() ? NodeRollout.State.DONE
                    : inFlight.contains(i) ? NodeRollout.State.IN_FLIGHT : NodeRollout.State.PENDING);
        }
        return states;
    }

    /** What an agent's answer means: failed when it could not remove some image (what it did remove still counts). */
    public static Outcome outcome(String node, CleanupResult answer, Instant at, Duration took) {
        int kept = answer.skipped().size();
        List<String> names = answer.removed().stream()
                .map(i -> i.names().isEmpty() ? i.id() : i.names().get(0))
                .limit(MAX_NAMES_PER_NODE)
                .toList();
        NodeResult result = new NodeResult(node, answer.removed().size(), answer.bytesFreed(), names, kept);
        if (answer.failed().isEmpty()) {
            return new Outcome(NodeOutcome.completed(node, at, took), result);
        }
        String code = answer.failed().get(0).code();
        String message = answer.failed().stream()
                .map(f -> (f.names().isEmpty() ? f.id() : f.names().get(0)) + ": " + f.error())
                .collect(Collectors.joining("; "));
        return new Outcome(NodeOutcome.failed(node, code == null || code.isBlank() ? "RemoveFailed" : code,
                answer.removed().size() + " images removed, " + answer.failed().size() + " refused: " + message, at, took),
                result);
    }

    /** A node whose agent did not answer (or answered an error): nothing is known to be removed. */
    public static Outcome failed(String node, String reason, String message, Instant at, Duration took) {
        return new Outcome(NodeOutcome.failed(node, reason, message, at, took), null);
    }

    /**
     * The status with these outcomes recorded. Only pending nodes change, so recording twice is harmless (a retried
     * write, an outcome merged into a status someone else wrote meanwhile).
     */
    public static CleanupStatus record(CleanupStatus status, int batchSize, Collection<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return status;
        }
        Set<String> pending = new HashSet<>();
        status.nodes().stream().filter(NodeEntry::isPending).forEach(n -> pending.add(n.name()));
        List<NodeResult> results = new ArrayList<>(status.results());
        List<NodeOutcome> nodeOutcomes = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (!pending.remove(outcome.node().node())) {
                continue;
            }
            nodeOutcomes.add(outcome.node());
            if (outcome.result() != null) {
                results.add(outcome.result());
            }
        }
        if (nodeOutcomes.isEmpty()) {
            return status;
        }
        return CleanupStatus.of(BatchPlanner.record(status.rollout(), batchSize, nodeOutcomes), results);
    }

    /** Completed once no node is pending (failed when every node failed). */
    public static CleanupStatus finishIfDone(CleanupStatus status, int batchSize, Instant now) {
        PrewarmStatus finished = BatchPlanner.finishIfDone(status.rollout(), batchSize, false, now);
        return finished == status.rollout() ? status : CleanupStatus.of(finished, status.results());
    }

    /** A cancelled task: what was done stays, pending nodes stay pending. */
    public static CleanupStatus cancel(CleanupStatus status, CleanupSpec spec, Instant now) {
        return CleanupStatus.of(BatchPlanner.cancel(status == null ? null : status.rollout(), rolloutSpec(spec), now),
                status == null ? List.of() : status.results());
    }

    /** A task whose step the API server refused pass after pass: failed, with its words. */
    public static CleanupStatus giveUp(CleanupStatus status, CleanupSpec spec, String message, Instant now) {
        return CleanupStatus.of(BatchPlanner.giveUp(status == null ? null : status.rollout(), rolloutSpec(spec), message, now),
                status == null ? List.of() : status.results());
    }

    /** The part of a cleanup's spec the node-list planning reads. */
    private static PrewarmSpec rolloutSpec(CleanupSpec spec) {
        return new PrewarmSpec(List.of(), spec.batchSize(), spec.nodeSelector(), false, List.of(), null, spec.strategy(), spec.createdAt(),
                spec.cancelled(), spec.cancelledAt());
    }
}
