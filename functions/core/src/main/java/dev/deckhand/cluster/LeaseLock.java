package dev.deckhand.cluster;

import java.util.Optional;

/**
 * A mutual-exclusion lease shared by every process that may run the same work, so that overlapping triggers
 * do not duplicate it. At most one holder at a time: a holder that stops renewing loses the lease when its
 * duration runs out, and anyone may then take it. There is no release: a holder done with its work lets the lease
 * expire, so that a pass writes the lease once (its take or renewal), not twice.
 */
public interface LeaseLock {

    /** The lease's name, for messages. */
    String name();

    /**
     * Takes the lease for {@code holder} when it is free, expired or already {@code holder}'s; otherwise
     * reports who holds it. Of two processes trying at once, exactly one gets it.
     */
    LeaseAttempt tryAcquire(String holder);

    /** Extends the hold by a full duration from now; empty when the lease is no longer the grant's holder's. */
    Optional<LeaseGrant> renew(LeaseGrant grant);
}
