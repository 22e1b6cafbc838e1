package dev.deckhand.cluster;

import java.time.Instant;

/** What {@link LeaseLock#tryAcquire} got. */
public sealed interface LeaseAttempt {

    /** The lease is ours until {@code grant.expires()} unless renewed. */
    record Acquired(LeaseGrant grant) implements LeaseAttempt {
    }

    /** Someone else holds the lease, until {@code until} unless they renew it. */
    record Held(String lease, String holder, Instant until) implements LeaseAttempt {
        public String describe() {
            return "lease " + lease + " held by " + holder + " until " + until;
        }
    }
}
