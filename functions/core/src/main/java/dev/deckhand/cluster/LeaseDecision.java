package dev.deckhand.cluster;

import java.time.Instant;

/** Whether a would-be holder may take a lease, decided on plain data. */
public enum LeaseDecision {
    /** No lease object yet: create it. */
    CREATE,
    /** Released, expired, or already ours: replace it, conditional on the observed resourceVersion. */
    TAKE,
    /** Someone else holds it and it has not expired: leave it. */
    WAIT;

    /**
     * Expiry compares the holder's {@code renewTime} with our clock. client-go's leader election instead
     * times expiry from when it saw the record change, which needs a long-lived watcher; a pass lives for
     * one run, so it trusts NTP-synced clocks. A skewed clock can only make a take-over early, and the
     * work a lease guards is idempotent, so the cost is duplicated effort, never a wrong result.
     *
     * @param observed the lease as read, or null when there is none
     * @param me       the would-be holder's identity
     * @param now      our clock
     */
    public static LeaseDecision decide(LeaseRecord observed, String me, Instant now) {
        if (observed == null) {
            return CREATE;
        }
        if (observed.released() || observed.holder().equals(me)) {
            return TAKE;
        }
        Instant expires = observed.expires();
        return expires != null && now.isBefore(expires) ? WAIT : TAKE;
    }
}
