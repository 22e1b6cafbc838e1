package dev.deckhand.cluster.credentials;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EksAuthenticationTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-14T09:30:00Z"));
    private final AtomicInteger made = new AtomicInteger();
    private final EksAuthentication auth = new EksAuthentication(
            () -> new EksToken("token-" + made.incrementAndGet(), clock.instant()), clock, Duration.ofMinutes(10));

    @Test
    void tokenIsMadeLazilyAndReusedUntilItIsTenMinutesOld() throws IOException {
        assertEquals(0, made.get(), "nothing is signed before the first request");
        EksToken first = auth.token();
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertSame(first, auth.token());
        clock.advance(Duration.ofSeconds(1));
        EksToken second = auth.token();
        assertEquals("token-2", second.value());
        assertEquals(2, made.get());
    }

    @Test
    void failureToSignIsAnIOExceptionSoTheClientReportsNoAnswer() {
        EksAuthentication failing = new EksAuthentication(() -> {
            throw new IllegalStateException("Unable to load credentials from any of the providers");
        }, clock, Duration.ofMinutes(10));
        IOException e = assertThrows(IOException.class, failing::token);
        assertTrue(e.getMessage().contains("cannot make an EKS token: Unable to load credentials"), e.getMessage());
    }
}
