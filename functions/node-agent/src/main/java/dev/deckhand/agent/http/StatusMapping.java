package dev.deckhand.agent.http;

import dev.deckhand.agent.runtime.RuntimeCodes;

/** The HTTP status of a runtime failure, as {@link dev.deckhand.agent.api.AgentPaths} defines it. */
public final class StatusMapping {

    private StatusMapping() {
    }

    /** INVALID_ARGUMENT 400, NOT_FOUND 404, FAILED_PRECONDITION 409, UNAVAILABLE 503, any other code 502. */
    public static int httpStatus(String code) {
        if (code == null) {
            return 502;
        }
        return switch (code) {
            case RuntimeCodes.INVALID_ARGUMENT -> 400;
            case RuntimeCodes.NOT_FOUND -> 404;
            case RuntimeCodes.FAILED_PRECONDITION -> 409;
            case RuntimeCodes.UNAVAILABLE -> 503;
            default -> 502;
        };
    }
}
