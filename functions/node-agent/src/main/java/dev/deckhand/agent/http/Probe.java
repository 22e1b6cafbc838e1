package dev.deckhand.agent.http;

import io.micronaut.serde.annotation.Serdeable;

/** Body of a successful probe. */
@Serdeable
public record Probe(String status) {
}
