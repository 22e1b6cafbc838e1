package dev.deckhand.tasks;

import dev.deckhand.rollout.NodeRollout;
import dev.deckhand.rollout.RolloutStrategy;

import java.util.Map;

/** What every node-by-node task asks for, whatever it does on a node: the custom resource's {@code spec}. */
public interface TaskSpec {

    /** Most nodes at once. */
    int batchSize();

    /** Equality label selector of the nodes (empty: every Ready node). */
    Map<String, String> nodeSelector();

    /** {@code batch} or {@code window} ({@link RolloutStrategy}); absent: batch. */
    String strategy();

    /** Creation time (RFC 3339, UTC, milliseconds). */
    String createdAt();

    /** A cancel was asked for; the task shows as cancelled from then on. */
    boolean cancelled();

    /** When it was asked for. */
    String cancelledAt();

    default RolloutStrategy rolloutStrategy() {
        return RolloutStrategy.parse(strategy()).orElse(RolloutStrategy.DEFAULT);
    }

    /** Which nodes may start now, as this task paces them. */
    default NodeRollout rollout() {
        return new NodeRollout(rolloutStrategy(), batchSize());
    }
}
