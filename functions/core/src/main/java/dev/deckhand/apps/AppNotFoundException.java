package dev.deckhand.apps;

/** No deployed objects (or no stored document, for the document routes) carry this service id. Answered with 404. */
public class AppNotFoundException extends RuntimeException {
    public AppNotFoundException(String message) {
        super(message);
    }
}
