package dev.deckhand.agent.http;

import dev.deckhand.agent.api.AgentError;

/** A request the agent answers with an error of its own before (or instead of) calling the runtime. */
class AgentHttpException extends RuntimeException {

    private final int status;
    private final String code;
    private final String image;

    AgentHttpException(int status, String code, String image, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.image = image;
    }

    /** 400 {@code INVALID_ARGUMENT}. */
    static AgentHttpException badRequest(String image, String message) {
        return new AgentHttpException(400, "INVALID_ARGUMENT", image, message);
    }

    int status() {
        return status;
    }

    AgentError body() {
        return new AgentError(image, getMessage(), code);
    }
}
