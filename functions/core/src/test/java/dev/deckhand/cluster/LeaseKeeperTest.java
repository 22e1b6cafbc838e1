package dev.deckhand.cluster;

import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.util.Config;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseKeeperTest {

    @Test
    void workLongerThanTheLeaseKeepsItAndLetsItExpireWhenDone() throws Exception {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).simulator(false).agents(false).build())) {
            CoordinationV1Api api = new CoordinationV1Api(Config.fromConfig(cluster.kubeconfigPath().toString()));
            KubernetesLeaseLock lock = new KubernetesLeaseLock(api, "deckhand", "kept", Duration.ofSeconds(2), Clock.systemUTC());
            LeaseGrant grant = assertInstanceOf(LeaseAttempt.Acquired.class, lock.tryAcquire("worker")).grant();

            try (LeaseKeeper keeper = LeaseKeeper.keep(lock, grant, Clock.systemUTC())) {
                long until = System.nanoTime() + Duration.ofMillis(3500).toNanos();
                while (System.nanoTime() < until) {
                    assertTrue(keeper.held());
                    assertInstanceOf(LeaseAttempt.Held.class, lock.tryAcquire("other"), "held for longer than its 2 s");
                    Thread.sleep(100);
                }
                assertTrue(keeper.grant().renewed().isAfter(grant.renewed().plusSeconds(2)), "renewed: " + keeper.grant());
            }
            LeaseAttempt.Held held = assertInstanceOf(LeaseAttempt.Held.class, lock.tryAcquire("other"), "not released: held until it expires");
            assertEquals("worker", held.holder());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), held.until()).toMillis()) + 50);
            assertInstanceOf(LeaseAttempt.Acquired.class, lock.tryAcquire("other"), "free once expired");
        }
    }

    /** A lock on plain data whose renewals answer as told. */
    private static final class ScriptedLock implements LeaseLock {
        volatile Optional<LeaseGrant> renewal = Optional.empty();
        volatile RuntimeException renewFailure;
        final AtomicInteger renewals = new AtomicInteger();

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public LeaseAttempt tryAcquire(String holder) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<LeaseGrant> renew(LeaseGrant grant) {
            renewals.incrementAndGet();
            if (renewFailure != null) {
                throw renewFailure;
            }
            return renewal;
        }
    }

    private static LeaseGrant grant(Duration duration) {
        Instant now = Instant.now();
        return new LeaseGrant("scripted", "me", now, now, duration, 0, "1");
    }

    private static void awaitRenewals(ScriptedLock lock, int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (lock.renewals.get() < count && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertTrue(lock.renewals.get() >= count, "renewals: " + lock.renewals.get());
    }

    @Test
    void aLeaseTakenOverIsNotHeldAndNoLongerRenewed() throws Exception {
        ScriptedLock lock = new ScriptedLock();
        // Renewed after 1 s, expires after 3 s: it is the renewal, not the expiry, that loses it.
        LeaseKeeper keeper = LeaseKeeper.keep(lock, grant(Duration.ofSeconds(3)), Clock.systemUTC());
        assertTrue(keeper.held());
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (keeper.held() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertFalse(keeper.held(), "the renewal found the lease someone else's");
        Thread.sleep(1500);
        assertEquals(1, lock.renewals.get(), "and renewing stopped");
        keeper.close();
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2025-03-01T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void whileRenewalsCannotReachTheServerTheLeaseIsHeldUntilItExpires() throws Exception {
        ScriptedLock lock = new ScriptedLock();
        lock.renewFailure = new ClusterUnavailableException("connection refused", null);
        TestClock clock = new TestClock();
        LeaseGrant grant = new LeaseGrant("scripted", "me", clock.now, clock.now, Duration.ofSeconds(1), 0, "1");
        try (LeaseKeeper keeper = LeaseKeeper.keep(lock, grant, clock)) {
            awaitRenewals(lock, 1);
            clock.now = grant.expires().minusMillis(1);
            assertTrue(keeper.held(), "a failed renewal loses nothing before the expiry");
            clock.now = grant.expires();
            assertFalse(keeper.held(), "at its expiry with no renewal through");

            lock.renewFailure = null;
            lock.renewal = Optional.of(new LeaseGrant("scripted", "me", grant.acquired(), clock.now, Duration.ofSeconds(1), 0, "2"));
            int before = lock.renewals.get();
            awaitRenewals(lock, before + 2);
            assertTrue(keeper.held(), "a renewal that gets through holds it again");
            assertEquals("2", keeper.grant().resourceVersion());
        }
        int renewals = lock.renewals.get();
        Thread.sleep(700);
        assertEquals(renewals, lock.renewals.get(), "closed: no more renewals, and no release");
    }
}
