package dev.deckhand.reconciler;

import dev.deckhand.cluster.LeaseAttempt;
import dev.deckhand.cluster.LeaseDecision;
import dev.deckhand.cluster.LeaseGrant;
import dev.deckhand.cluster.LeaseLock;
import dev.deckhand.cluster.LeaseRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A lease as plain data, decided by the same rule as the Kubernetes one. */
final class MemoryLease implements LeaseLock {

    private final Clock clock;
    private final Duration duration;
    private LeaseRecord record;
    private int version;
    /** Takes and renewals written. */
    int writes;

    MemoryLease(Clock clock, Duration duration) {
        this.clock = clock;
        this.duration = duration;
    }

    /** Someone else holds it, renewed at {@code renewed}. */
    synchronized void heldBy(String holder, Instant renewed) {
        record = new LeaseRecord(holder, renewed, renewed, duration, 0, String.valueOf(++version));
    }

    synchronized LeaseRecord record() {
        return record;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public synchronized LeaseAttempt tryAcquire(String holder) {
        Instant now = clock.instant();
        if (LeaseDecision.decide(record, holder, now) == LeaseDecision.WAIT) {
            return new LeaseAttempt.Held(name(), record.holder(), record.expires());
        }
        record = new LeaseRecord(holder, now, now, duration, 0, String.valueOf(++version));
        writes++;
        return new LeaseAttempt.Acquired(new LeaseGrant(name(), holder, now, now, duration, 0, record.resourceVersion()));
    }

    @Override
    public synchronized Optional<LeaseGrant> renew(LeaseGrant grant) {
        if (record == null || !grant.resourceVersion().equals(record.resourceVersion())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        record = new LeaseRecord(grant.holder(), grant.acquired(), now, duration, 0, String.valueOf(++version));
        writes++;
        return Optional.of(new LeaseGrant(name(), grant.holder(), grant.acquired(), now, duration, 0, record.resourceVersion()));
    }
}
