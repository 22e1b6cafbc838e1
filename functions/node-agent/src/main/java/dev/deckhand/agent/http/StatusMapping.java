package dev.deckhand.agent.http;

import dev.deckhand.agent.runtime.RuntimeCodes;
import io.micronaut.http.HttpStatus;

/** The HTTP status of a runtime failure, as {@link dev.deckhand.agent.api.AgentPaths} defines it. */
public final class StatusMapping {

    private StatusMapping() {
    }

    /** INVALID_ARGUMENT 400, NOT_FOUND 404, UNAVAILABLE 503, any other code 502. */
    public static HttpStatus httpStatus(String code) {
        if (code == null) {
            return HttpStatus.BAD_GATEWAY;
        }
        return switch (code) {
            case RuntimeCodes.INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            case RuntimeCodes.NOT_FOUND -> HttpStatus.NOT_FOUND;
            case RuntimeCodes.UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.BAD_GATEWAY;
        };
    }
}
