package dev.deckhand.rollout;

import dev.deckhand.rollout.NodeRollout.State;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

import static dev.deckhand.rollout.NodeRollout.State.DONE;
import static dev.deckhand.rollout.NodeRollout.State.IN_FLIGHT;
import static dev.deckhand.rollout.NodeRollout.State.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeRolloutTest {

    private static final NodeRollout BATCH_OF_3 = new NodeRollout(RolloutStrategy.BATCH, 3);
    private static final NodeRollout WINDOW_OF_3 = new NodeRollout(RolloutStrategy.WINDOW, 3);

    private static List<State> pending(int n) {
        return new ArrayList<>(Collections.nCopies(n, PENDING));
    }

    @Test
    void bothStartTheFirstBatchSizeNodesOfAFreshTask() {
        assertEquals(List.of(0, 1, 2), BATCH_OF_3.startable(pending(10)));
        assertEquals(List.of(0, 1, 2), WINDOW_OF_3.startable(pending(10)));
        assertEquals(List.of(0, 1), WINDOW_OF_3.startable(pending(2)));
    }

    @Test
    void batchWaitsForItsSlowestNodeWhileWindowStartsTheNextNodeAtOnce() {
        // Nodes 0 and 2 finished, node 1 (a straggler) still pulls.
        List<State> nodes = pending(10);
        nodes.set(0, DONE);
        nodes.set(1, IN_FLIGHT);
        nodes.set(2, DONE);
        assertEquals(List.of(), BATCH_OF_3.startable(nodes));
        assertEquals(List.of(3, 4), WINDOW_OF_3.startable(nodes));
        assertEquals(0, BATCH_OF_3.currentBatch(nodes));
        assertEquals(0, WINDOW_OF_3.currentBatch(nodes));
    }

    @Test
    void batchStartsTheNextBatchOnlyWhenEveryNodeBeforeItIsDone() {
        List<State> nodes = pending(7);
        nodes.set(0, DONE);
        nodes.set(1, DONE);
        nodes.set(2, DONE);
        assertEquals(List.of(3, 4, 5), BATCH_OF_3.startable(nodes));
        nodes.set(3, IN_FLIGHT);
        nodes.set(4, DONE);
        nodes.set(5, DONE);
        assertEquals(List.of(), BATCH_OF_3.startable(nodes));
        nodes.set(3, DONE);
        assertEquals(List.of(6), BATCH_OF_3.startable(nodes));
    }

    @Test
    void batchResumesTheCurrentBatchsPendingNodes() {
        // A new process finds node 4 in flight (its pull was left by a pass that stopped) and 3, 5 pending.
        List<State> nodes = List.of(DONE, DONE, DONE, PENDING, IN_FLIGHT, PENDING, PENDING);
        assertEquals(List.of(3, 5), BATCH_OF_3.startable(nodes));
    }

    @Test
    void windowNeverGoesPastBatchSizeInFlightWhereverTheyAre() {
        List<State> nodes = List.of(DONE, IN_FLIGHT, PENDING, IN_FLIGHT, DONE, IN_FLIGHT, PENDING);
        assertEquals(List.of(), WINDOW_OF_3.startable(nodes));
        List<State> one = List.of(DONE, IN_FLIGHT, PENDING, DONE, DONE, PENDING, PENDING);
        assertEquals(List.of(2, 5), WINDOW_OF_3.startable(one));
    }

    @Test
    void nothingStartsOnceEveryNodeIsDone() {
        List<State> nodes = List.of(DONE, DONE, DONE, DONE);
        assertEquals(List.of(), BATCH_OF_3.startable(nodes));
        assertEquals(List.of(), WINDOW_OF_3.startable(nodes));
        assertEquals(-1, WINDOW_OF_3.currentBatch(nodes));
        assertTrue(NodeRollout.finished(nodes));
        assertFalse(NodeRollout.finished(List.of(DONE, IN_FLIGHT)));
        assertTrue(NodeRollout.finished(List.of()));
        assertEquals(List.of(), WINDOW_OF_3.startable(List.of()));
    }

    @Test
    void totalBatchesIsTheCeilingOfNodesOverBatchSize() {
        assertEquals(0, BATCH_OF_3.totalBatches(0));
        assertEquals(1, BATCH_OF_3.totalBatches(3));
        assertEquals(4, WINDOW_OF_3.totalBatches(10));
    }

    @Test
    void wireNamesParseAndAnythingElseDoesNot() {
        assertEquals(Optional.of(RolloutStrategy.BATCH), RolloutStrategy.parse("batch"));
        assertEquals(Optional.of(RolloutStrategy.WINDOW), RolloutStrategy.parse("window"));
        assertEquals(Optional.empty(), RolloutStrategy.parse("Window"));
        assertEquals(Optional.empty(), RolloutStrategy.parse(null));
        assertEquals(RolloutStrategy.BATCH, RolloutStrategy.DEFAULT);
        assertEquals("window", RolloutStrategy.WINDOW.wire());
    }

    @Test
    void aBatchSizeBelowOneOrNoStrategyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NodeRollout(RolloutStrategy.WINDOW, 0));
        assertThrows(IllegalArgumentException.class, () -> new NodeRollout(null, 3));
    }

    /** Finished time of a whole rollout, in simulated time units, with its most nodes in flight at once. */
    private record Run(long time, int maxInFlight, List<Integer> startOrder) {
    }

    /** Drives a rollout with a simulated clock: each node takes {@code durations[i]} once started. */
    private static Run simulate(NodeRollout rollout, long[] durations) {
        List<State> nodes = pending(durations.length);
        PriorityQueue<long[]> running = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        List<Integer> order = new ArrayList<>();
        long now = 0;
        int maxInFlight = 0;
        while (!NodeRollout.finished(nodes)) {
            for (int i : rollout.startable(nodes)) {
                nodes.set(i, IN_FLIGHT);
                order.add(i);
                running.add(new long[] {now + durations[i], i});
            }
            maxInFlight = Math.max(maxInFlight, running.size());
            long[] next = running.poll();
            now = next[0];
            nodes.set((int) next[1], DONE);
        }
        return new Run(now, maxInFlight, order);
    }

    @Test
    void windowStartsEveryNodeInListOrderAsPlacesFree() {
        long[] durations = {5, 1, 1, 1, 1, 1};
        Run window = simulate(WINDOW_OF_3, durations);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), window.startOrder());
        assertEquals(3, window.maxInFlight());
        // Nodes 1, 2 finish at 1, 3 and 4 start then and finish at 2, 5 starts at 2; node 0 ends at 5.
        assertEquals(5, window.time());
        assertEquals(6, simulate(BATCH_OF_3, durations).time());
    }

    @Test
    void stragglersHoldUpEveryBatchTheyAreInButNotTheWindow() {
        // 100 nodes of 1 unit, every 20th node ten times slower (5%), 10 in flight at most.
        long[] durations = new long[100];
        for (int i = 0; i < durations.length; i++) {
            durations[i] = i % 20 == 0 ? 10 : 1;
        }
        Run batch = simulate(new NodeRollout(RolloutStrategy.BATCH, 10), durations);
        Run window = simulate(new NodeRollout(RolloutStrategy.WINDOW, 10), durations);
        assertEquals(10, batch.maxInFlight());
        assertEquals(10, window.maxInFlight());
        // Batch: five batches wait 10 units for their straggler, five take 1: 55. Window: the 95 fast nodes flow
        // through the other 9 places while the stragglers pull.
        assertEquals(55, batch.time());
        assertTrue(window.time() <= 0.4 * batch.time(), "window took " + window.time());
    }
}
