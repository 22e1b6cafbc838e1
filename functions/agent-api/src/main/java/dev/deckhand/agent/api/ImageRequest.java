package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

/** Body of {@code POST /images/pull} and {@code POST /images/remove}. */
@Serdeable
public record ImageRequest(String image) {
}
