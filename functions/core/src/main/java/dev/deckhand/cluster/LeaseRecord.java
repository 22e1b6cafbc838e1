package dev.deckhand.cluster;

import java.time.Duration;
import java.time.Instant;

/**
 * A lease as observed in the cluster, as plain data.
 *
 * @param holder          {@code spec.holderIdentity}; null or empty when released
 * @param acquired        {@code spec.acquireTime}, may be null
 * @param renewed         {@code spec.renewTime}, may be null
 * @param duration        {@code spec.leaseDurationSeconds}, may be null
 * @param transitions     {@code spec.leaseTransitions}: how many times the holder changed
 * @param resourceVersion for the compare-and-swap replace that takes it
 */
public record LeaseRecord(String holder, Instant acquired, Instant renewed, Duration duration, int transitions,
                          String resourceVersion) {

    public boolean released() {
        return holder == null || holder.isEmpty();
    }

    /** When the current hold ends; null when the lease does not say (then it counts as expired). */
    public Instant expires() {
        Instant since = renewed != null ? renewed : acquired;
        return since == null || duration == null ? null : since.plus(duration);
    }
}
