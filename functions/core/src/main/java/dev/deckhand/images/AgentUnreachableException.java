package dev.deckhand.images;

/** A node's agent did not answer (not running yet, connection refused, timeout). Answered with 503. */
public class AgentUnreachableException extends RuntimeException {
    public AgentUnreachableException(String node, String url, Throwable cause) {
        super("node agent of '" + node + "' at " + url + " is unreachable: " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
