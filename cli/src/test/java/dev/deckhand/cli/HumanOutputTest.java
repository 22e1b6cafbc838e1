package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Sizes, ages, tables and the progress lines, on plain data. */
class HumanOutputTest {

    @Test
    void sizesInDecimalMegabytesAndGigabytes() {
        assertEquals("0.0 MB", Human.size(0));
        assertEquals("2.0 kB", Human.size(2_000));
        assertEquals("0.3 MB", Human.size(321_000));
        assertEquals("73.0 MB", Human.size(72_990_000));
        assertEquals("1.5 GB", Human.size(1_500_000_000L));
    }

    @Test
    void agesInTheLargestWholeUnit() {
        assertEquals("45s", Human.age(Duration.ofSeconds(45)));
        assertEquals("3m", Human.age(Duration.ofSeconds(200)));
        assertEquals("2h", Human.age(Duration.ofMinutes(150)));
        assertEquals("5d", Human.age(Duration.ofDays(5).plusHours(23)));
        assertEquals("0s", Human.age(Duration.ofSeconds(-3)), "a server clock ahead of ours is no negative age");
    }

    @Test
    void tablesAlignEveryColumnButTheLast() {
        String table = new Human.Table("NODE", "REASON", "MESSAGE").row("node-10", "UNKNOWN", "no such host").row("n1", "X", "").render();
        assertEquals("NODE     REASON   MESSAGE\nnode-10  UNKNOWN  no such host\nn1       X\n", table);
    }

    @Test
    void theBarShowsBatchesNodesRateAndEta() {
        TaskWatch.Snapshot running = new TaskWatch.Snapshot("running", 3, 5, 10, 3, 1, 40.0);
        assertEquals("[##########--------------]  40%  batch 3/5  nodes 3 done, 1 failed of 10  2.0 nodes/s  ETA 3.0s  running",
                TaskWatch.barLine(running, 2.0));
        assertEquals("t running: batch 3/5, nodes 3 done, 1 failed of 10 (40%), -- nodes/s, ETA --",
                TaskWatch.plainLine("t", running, null));
        TaskWatch.Snapshot done = new TaskWatch.Snapshot("completed", 5, 5, 10, 9, 1, 100.0);
        assertEquals("[########################] 100%  batch 5/5  nodes 9 done, 1 failed of 10  2.0 nodes/s  ETA 0s  completed",
                TaskWatch.barLine(done, 2.0));
    }

    @Test
    void withoutItsOwnSamplesTheRateComesFromTheTasksTimes() {
        JsonNode task = Api.parse("{\"status\":\"completed\",\"startedAt\":\"2026-01-16T15:12:35Z\",\"completedAt\":\"2026-01-16T15:12:39Z\","
                + "\"progress\":{\"totalNodes\":8,\"completedNodes\":7,\"failedNodes\":1,\"currentBatch\":2,\"totalBatches\":2,\"percentage\":100}}");
        assertEquals(2.0, TaskWatch.serverRate(task, TaskWatch.Snapshot.of(task)));
        JsonNode pending = Api.parse("{\"status\":\"pending\",\"progress\":{}}");
        assertNull(TaskWatch.serverRate(pending, TaskWatch.Snapshot.of(pending)));
    }

    @Test
    void theSummaryListsFailedNodesWithTheirReasons() {
        JsonNode task = Api.parse("{\"status\":\"completed\",\"progress\":{\"totalNodes\":3,\"completedNodes\":2,\"failedNodes\":1},"
                + "\"failedNodeDetails\":[{\"nodeName\":\"node-5\",\"reason\":\"JobFailed\",\"message\":\"ImagePullBackOff\"}]}");
        assertEquals("task t completed after 4.2s: 3 nodes, 2 done, 1 failed\nfailed nodes:\n"
                + "  NODE    REASON     MESSAGE\n  node-5  JobFailed  ImagePullBackOff\n",
                TaskWatch.summary(PrewarmCommand.KIND, "t", task, Duration.ofMillis(4200)));
    }
}
