package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of every agent error.
 *
 * @param image the reference concerned, when there is one
 * @param error what went wrong, in the runtime's or registry's words
 * @param code  the gRPC status code name the runtime answered with ({@code NOT_FOUND}, {@code UNKNOWN},
 *              {@code UNAVAILABLE}, ...) or {@code INVALID_ARGUMENT} for input the agent refused
 */
@Serdeable
public record AgentError(String image, String error, String code) {
}
