package dev.deckhand.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Which nodes of a task may start now, on plain data: the task's nodes in the fixed order it gave them, each
 * {@link State#PENDING pending}, {@link State#IN_FLIGHT in flight} or {@link State#DONE done} (completed or failed, the
 * same here). No I/O and no clock: the caller observes the states, asks, starts what it is told, and asks again when
 * a node finishes.
 *
 * <p>Both strategies keep at most {@code batchSize} nodes in flight. {@link RolloutStrategy#BATCH} starts only the
 * pending nodes of the {@link #currentBatch current batch}; {@link RolloutStrategy#WINDOW} starts the first pending
 * nodes in list order, as many as there are free places.
 *
 * @param strategy  how the nodes are paced
 * @param batchSize most nodes in flight at once, and the size of a batch; at least 1
 */
public record NodeRollout(RolloutStrategy strategy, int batchSize) {

    /** Where one node is. */
    public enum State {
        /** Not started. */
        PENDING,
        /** Started and not finished. */
        IN_FLIGHT,
        /** Finished, completed or failed: it needs nothing more. */
        DONE
    }

    public NodeRollout {
        if (strategy == null) {
            throw new IllegalArgumentException("strategy is required");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
    }

    /**
     * Indexes (in {@code nodes}) of the pending nodes that may start now, in list order; empty when every place is
     * taken, when the current batch still waits for nodes in flight (batch), or when no node is pending.
     */
    public List<Integer> startable(List<State> nodes) {
        int inFlight = 0;
        for (State state : nodes) {
            if (state == State.IN_FLIGHT) {
                inFlight++;
            }
        }
        int free = batchSize - inFlight;
        if (free <= 0) {
            return List.of();
        }
        int from = 0;
        int to = nodes.size();
        if (strategy == RolloutStrategy.BATCH) {
            int batch = currentBatch(nodes);
            if (batch < 0) {
                return List.of();
            }
            from = batch * batchSize;
            to = Math.min(nodes.size(), from + batchSize);
        }
        List<Integer> start = new ArrayList<>(Math.min(free, to - from));
        for (int i = from; i < to && start.size() < free; i++) {
            if (nodes.get(i) == State.PENDING) {
                start.add(i);
            }
        }
        return List.copyOf(start);
    }

    /**
     * 0-based number of the batch holding the first node that is not done (the batch in progress, in the progress
     * counts of either strategy); -1 when every node is done.
     */
    public int currentBatch(List<State> nodes) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) != State.DONE) {
                return i / batchSize;
            }
        }
        return -1;
    }

    /** {@code ceil(nodes / batchSize)}. */
    public int totalBatches(int nodes) {
        return nodes == 0 ? 0 : (nodes + batchSize - 1) / batchSize;
    }

    /** Whether every node is done. */
    public static boolean finished(List<State> nodes) {
        for (State state : nodes) {
            if (state != State.DONE) {
                return false;
            }
        }
        return true;
    }
}
