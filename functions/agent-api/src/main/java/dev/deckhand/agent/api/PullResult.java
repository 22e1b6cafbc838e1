package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Answer of a successful pull.
 *
 * @param image    the reference as requested
 * @param imageRef the runtime's reference of the pulled image (CRI {@code image_ref})
 */
@Serdeable
public record PullResult(String image, String imageRef) {
}
