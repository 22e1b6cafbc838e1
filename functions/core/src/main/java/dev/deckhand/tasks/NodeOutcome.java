package dev.deckhand.tasks;

import java.time.Duration;
import java.time.Instant;

/**
 * How one node's pull ended.
 *
 * @param node      the node
 * @param completed whether it has every image
 * @param reason    failure reason ({@link FailedNode#reason()}), null when completed
 * @param message   failure message, null when completed
 * @param at        when it ended
 * @param took      how long the node's pull took, null when unknown
 */
public record NodeOutcome(String node, boolean completed, String reason, String message, Instant at, Duration took) {

    public static NodeOutcome completed(String node, Instant at, Duration took) {
        return new NodeOutcome(node, true, null, null, at, took);
    }

    public static NodeOutcome failed(String node, String reason, String message, Instant at, Duration took) {
        return new NodeOutcome(node, false, reason, message, at, took);
    }
}
