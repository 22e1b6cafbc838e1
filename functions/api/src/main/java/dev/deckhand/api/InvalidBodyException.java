package dev.deckhand.api;

/** A request body that is not the JSON a route expects. Answered with 400 and the message. */
public class InvalidBodyException extends RuntimeException {
    /** No body at all where a JSON object is required: the same words over HTTP and through the Lambda handlers. */
    public static InvalidBodyException emptyBody() {
        return new InvalidBodyException("request body is empty: a JSON object is required");
    }

    public InvalidBodyException(String message) {
        super(message);
    }
}
