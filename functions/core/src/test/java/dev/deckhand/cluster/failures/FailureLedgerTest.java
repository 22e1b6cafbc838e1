package dev.deckhand.cluster.failures;

import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import dev.deckhand.cluster.PassWrites;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureLedgerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ClusterRequestException RANGE_FULL = new ClusterRequestException(500,
            "Kubernetes API server refused to create service deckhand-agent-node-7 (HTTP 500): failed to allocate a serviceIP: range is full", null);

    private static FailureLedger ledger(Instant now) {
        return new FailureLedger(Map.of(), FailurePolicy.defaults(), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void backoffDoublesFromThirtySecondsUpToFifteenMinutes() {
        FailurePolicy policy = FailurePolicy.defaults();
        assertEquals(Duration.ofSeconds(30), policy.delayAfter(1));
        assertEquals(Duration.ofSeconds(60), policy.delayAfter(2));
        assertEquals(Duration.ofMinutes(8), policy.delayAfter(5));
        assertEquals(Duration.ofMinutes(15), policy.delayAfter(6));
        assertEquals(Duration.ofMinutes(15), policy.delayAfter(1000));
    }

    @Test
    void theSameRefusalExtendsTheRunAnotherStartsANewOneAndASuccessEndsIt() {
        FailureLedger ledger = ledger(NOW);
        assertEquals(1, ledger.failed("service/x", RANGE_FULL));
        assertEquals(2, ledger.failed("service/x", RANGE_FULL));
        assertTrue(ledger.backedOff("service/x"));
        assertEquals(NOW.plusSeconds(60), ledger.get("service/x").orElseThrow().retryAt());
        assertEquals(1, ledger.failed("service/x", new ClusterRequestException(403, "forbidden by quota", null)), "another way");
        assertFalse(ledger.backedOff("service/y"));
        ledger.succeeded("service/x");
        assertTrue(ledger.get("service/x").isEmpty());
        assertTrue(ledger.changed());
        assertFalse(ledger(NOW).changed(), "a ledger nothing happened to is not written back");
    }

    @Test
    void theRunReachesTheGiveUpCountOnTheFifthSameRefusal() {
        FailureLedger ledger = ledger(NOW);
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, ledger.failed("prewarmtask/pw-1", RANGE_FULL));
        }
        assertEquals(FailurePolicy.defaults().giveUpAfter(), ledger.get("prewarmtask/pw-1").orElseThrow().count());
    }

    @Test
    void aStoredLedgerKeepsTheRunsThatEndLast() {
        FailureLedger ledger = ledger(NOW);
        for (int i = 0; i < FailureLedger.MAX_ENTRIES + 50; i++) {
            ledger.failed("service/s-" + i, RANGE_FULL);
        }
        ledger.failed("service/s-7", RANGE_FULL); // retried later than the others
        Map<String, Failure> stored = ledger.snapshot();
        assertTrue(stored.size() <= FailureLedger.MAX_ENTRIES, "at most " + FailureLedger.MAX_ENTRIES + ": " + stored.size());
        assertTrue(stored.containsKey("service/s-7"));
    }

    @Test
    void aPassSpendsAtMostItsBudgetOfFailingWritesAndLeavesBackedOffObjectsAlone() {
        FailureLedger ledger = new FailureLedger(Map.of("service/old", new Failure(1, "HTTP 500: x", NOW.plusSeconds(10))),
                new FailurePolicy(3, 5, Duration.ofSeconds(30), Duration.ofMinutes(15)), Clock.fixed(NOW, ZoneOffset.UTC));
        PassWrites pass = new PassWrites(() -> true, ledger);
        assertEquals(PassWrites.Skip.BACKED_OFF, pass.reserve("service/old"));
        for (int i = 0; i < 3; i++) {
            assertNull(pass.reserve("service/s-" + i));
            pass.failed("service/s-" + i, "create service s-" + i, RANGE_FULL);
        }
        assertEquals(PassWrites.Skip.OVER_BUDGET, pass.reserve("service/s-3"), "the budget is spent");
        assertEquals(3, pass.failedWrites());
        assertTrue(pass.firstError().startsWith("create service s-0: "), pass.firstError());

        PassWrites outage = new PassWrites(() -> true, ledger(NOW));
        assertNull(outage.reserve("service/z"));
        outage.failed("service/z", "create service z", new ClusterUnavailableException("connection refused", null));
        assertFalse(outage.ledger().backedOff("service/z"), "an unreachable API server is not the object's doing");
    }
}
