package dev.deckhand.cluster;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LeaseDecisionTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration THIRTY = Duration.ofSeconds(30);

    private static LeaseRecord heldBy(String holder, Instant renewed, Duration duration) {
        return new LeaseRecord(holder, renewed, renewed, duration, 0, "7");
    }

    private static LeaseDecision decide(LeaseRecord observed, String me) {
        return LeaseDecision.decide(observed, me, CLOCK.instant());
    }

    @Test
    void noLeaseYetIsCreated() {
        assertEquals(LeaseDecision.CREATE, decide(null, "me"));
    }

    @Test
    void anotherHoldersLeaseIsLeftUntilItExpires() {
        Instant now = CLOCK.instant();
        assertEquals(LeaseDecision.WAIT, decide(heldBy("other", now, THIRTY), "me"));
        assertEquals(LeaseDecision.WAIT, decide(heldBy("other", now.minus(THIRTY).plusMillis(1), THIRTY), "me"), "1 ms left");
        assertEquals(LeaseDecision.TAKE, decide(heldBy("other", now.minus(THIRTY), THIRTY), "me"), "expires exactly now");
        assertEquals(LeaseDecision.TAKE, decide(heldBy("dead", now.minus(Duration.ofMinutes(10)), THIRTY), "me"));
    }

    @Test
    void aRenewalInTheFutureOfOurClockStillHolds() {
        assertEquals(LeaseDecision.WAIT, decide(heldBy("other", CLOCK.instant().plusSeconds(5), THIRTY), "me"));
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() {
        Instant now = CLOCK.instant();
        assertEquals(LeaseDecision.TAKE, decide(heldBy(null, now, THIRTY), "me"));
        assertEquals(LeaseDecision.TAKE, decide(heldBy("", now, Duration.ofSeconds(1)), "me"));
    }

    @Test
    void ourOwnLeaseIsOursToTakeAgain() {
        assertEquals(LeaseDecision.TAKE, decide(heldBy("me", CLOCK.instant(), THIRTY), "me"));
    }

    @Test
    void aHeldLeaseThatSaysNothingOfItsTimeCountsAsExpired() {
        assertEquals(LeaseDecision.TAKE, decide(new LeaseRecord("other", null, null, THIRTY, 0, "1"), "me"));
        assertEquals(LeaseDecision.TAKE, decide(new LeaseRecord("other", null, CLOCK.instant(), null, 0, "1"), "me"));
        assertNull(new LeaseRecord("other", null, CLOCK.instant(), null, 0, "1").expires());
    }

    @Test
    void withoutARenewalTheAcquireTimeCounts() {
        LeaseRecord acquiredOnly = new LeaseRecord("other", CLOCK.instant().minusSeconds(10), null, THIRTY, 0, "1");
        assertEquals(LeaseDecision.WAIT, decide(acquiredOnly, "me"));
        assertEquals(CLOCK.instant().plusSeconds(20), acquiredOnly.expires());
    }
}
