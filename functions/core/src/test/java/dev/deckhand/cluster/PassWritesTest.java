package dev.deckhand.cluster;

import dev.deckhand.cluster.failures.FailureLedger;
import dev.deckhand.cluster.failures.FailurePolicy;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PassWritesTest {

    @Test
    void aWriteNotSentBecauseItWouldBeRefusedIsBackedOffButSpendsNoBudget() {
        FailureLedger ledger = FailureLedger.empty(new FailurePolicy(1, 5, Duration.ofMinutes(1), Duration.ofMinutes(5)), Clock.systemUTC());
        PassWrites pass = new PassWrites(() -> true, ledger);

        assertNull(pass.reserve("services/service/web"));
        assertEquals(1, pass.failed("services/service/web", "web: service created", new UnsentWriteException("node port 30080 is taken")));
        assertTrue(ledger.backedOff("services/service/web"), "left alone as after a refusal");
        assertEquals("node port 30080 is taken", ledger.get("services/service/web").orElseThrow().error());
        assertEquals(0, pass.failedWrites(), "no request was refused");
        assertEquals("web: service created: node port 30080 is taken", pass.firstError());

        // The budget of one failing write is still whole: the next write may start, and once refused, it is spent.
        assertNull(pass.reserve("services/service/api"));
        pass.failed("services/service/api", "api: service created", new ClusterRequestException(500, "range is full", null));
        assertEquals(PassWrites.Skip.OVER_BUDGET, pass.reserve("services/service/worker"));
    }
}
