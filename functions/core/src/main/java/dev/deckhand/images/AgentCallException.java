package dev.deckhand.images;

import dev.deckhand.agent.api.AgentError;

/** A node agent answered with an error; {@code status} is its HTTP status, {@code error} its body. */
public class AgentCallException extends RuntimeException {
    private final int status;
    private final AgentError error;

    public AgentCallException(int status, AgentError error) {
        super(error.error());
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public AgentError error() {
        return error;
    }
}
