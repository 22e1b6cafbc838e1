package dev.deckhand.api;

/** A request body that is not the JSON a route expects. Answered with 400 and the message. */
public class InvalidBodyException extends RuntimeException {
    public InvalidBodyException(String message) {
        super(message);
    }
}
