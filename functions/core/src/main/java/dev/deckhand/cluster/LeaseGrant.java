package dev.deckhand.cluster;

import java.time.Duration;
import java.time.Instant;

/**
 * A lease as its holder last wrote it.
 *
 * @param lease           the lease's name
 * @param holder          who holds it
 * @param acquired        when this holder took it
 * @param renewed         when the holder last renewed it
 * @param duration        how long a renewal holds it
 * @param transitions     how many times the lease changed holder, this take included
 * @param resourceVersion the version of the holder's last write, so that a later write by anyone else is noticed
 */
public record LeaseGrant(String lease, String holder, Instant acquired, Instant renewed, Duration duration, int transitions,
                         String resourceVersion) {

    /** When the hold ends unless renewed. */
    public Instant expires() {
        return renewed.plus(duration);
    }
}
