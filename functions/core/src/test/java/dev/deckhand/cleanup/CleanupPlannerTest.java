package dev.deckhand.cleanup;

import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.rollout.NodeRollout;
import dev.deckhand.tasks.TaskPhase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleanupPlannerTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final CleanupSpec SPEC = new CleanupSpec(List.of("registry.example/"), List.of(), false, 2, Map.of(),
            "batch", "2026-12-02T09:59:00.000Z", false, null);

    private static CleanupResult answer(int removed, long bytesEach, boolean refusedOne) {
        List<CleanupResult.CleanedImage> images = new java.util.ArrayList<>();
        for (int i = 0; i < removed; i++) {
            images.add(new CleanupResult.CleanedImage("sha256:" + i, List.of("registry.example/app:" + i), bytesEach));
        }
        return new CleanupResult(false, images, removed * bytesEach,
                List.of(new CleanupResult.SkippedImage("sha256:k", List.of("registry.example/app:k"), "in-use", "x")),
                refusedOne ? List.of(new CleanupResult.FailedRemoval("sha256:f", List.of("registry.example/app:f"),
                        "image is in use by snapshot", "FAILED_PRECONDITION")) : List.of());
    }

    @Test
    void nodesAreFixedInNaturalOrderAndResultsAddUpOnceEach() {
        CleanupStatus status = CleanupPlanner.start(SPEC, List.of("node-10", "node-2", "node-1"), NOW);
        assertEquals(List.of("node-1", "node-2", "node-10"), status.nodes().stream().map(n -> n.name()).toList());
        assertEquals(2, status.progress().totalBatches());

        CleanupPlanner.Outcome one = CleanupPlanner.outcome("node-1", answer(3, 100, false), NOW, Duration.ofSeconds(1));
        status = CleanupPlanner.record(status, 2, List.of(one));
        status = CleanupPlanner.record(status, 2, List.of(one));
        assertEquals(1, status.results().size(), "recording the same node twice counts it once");
        assertEquals(3, status.imagesRemoved());
        assertEquals(300, status.bytesFreed());
        assertEquals(1, status.results().get(0).kept());

        CleanupPlanner.Outcome partial = CleanupPlanner.outcome("node-2", answer(1, 50, true), NOW, null);
        assertFalse(partial.node().completed());
        assertEquals("FAILED_PRECONDITION", partial.node().reason());
        assertTrue(partial.node().message().startsWith("1 images removed, 1 refused: registry.example/app:f: image is in use"),
                partial.node().message());
        CleanupPlanner.Outcome down = CleanupPlanner.failed("node-10", "UNAVAILABLE", "connection refused", NOW, null);
        assertNull(down.result());
        status = CleanupPlanner.record(status, 2, List.of(partial, down));
        assertEquals(4, status.imagesRemoved(), "what a failed node did remove still counts");
        assertEquals(350, status.bytesFreed());
        assertEquals(2, status.progress().failedNodes());

        CleanupStatus done = CleanupPlanner.finishIfDone(status, 2, NOW);
        assertEquals(TaskPhase.COMPLETED, done.taskPhase());
        assertEquals(350, done.bytesFreed());
    }

    @Test
    void statesFollowTheNodeListAndWhatIsInFlight() {
        CleanupStatus status = CleanupPlanner.start(SPEC, List.of("node-1", "node-2", "node-3"), NOW);
        status = CleanupPlanner.record(status, 2, List.of(CleanupPlanner.outcome("node-1", answer(0, 0, false), NOW, null)));
        assertEquals(List.of(NodeRollout.State.DONE, NodeRollout.State.IN_FLIGHT, NodeRollout.State.PENDING),
                CleanupPlanner.states(status, Set.of(1)));
    }

    @Test
    void aCancelKeepsWhatWasDoneAndNoMatchingNodeFailsTheTask() {
        CleanupStatus status = CleanupPlanner.start(SPEC, List.of("node-1", "node-2"), NOW);
        status = CleanupPlanner.record(status, 2, List.of(CleanupPlanner.outcome("node-1", answer(2, 10, false), NOW, null)));
        CleanupStatus cancelled = CleanupPlanner.cancel(status, SPEC.withCancel("2026-12-02T10:00:05Z"), NOW);
        assertEquals(TaskPhase.CANCELLED, cancelled.taskPhase());
        assertEquals(20, cancelled.bytesFreed());
        assertEquals("2026-12-02T10:00:05Z", cancelled.completedAt());
        assertEquals(TaskPhase.CANCELLED, CleanupPlanner.cancel(null, SPEC.withCancel(null), NOW).taskPhase());

        CleanupStatus none = CleanupPlanner.start(new CleanupSpec(List.of(), List.of(), true, 2, Map.of("pool", "gpu"), "window",
                null, false, null), List.of(), NOW);
        assertEquals(TaskPhase.FAILED, none.taskPhase());
        assertTrue(none.message().contains("no Ready node matches nodeSelector {pool=gpu}"), none.message());
    }
}
