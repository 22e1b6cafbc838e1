package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

/** Answer of a successful remove. Removing an image that is absent also succeeds. */
@Serdeable
public record RemoveResult(String image) {
}
