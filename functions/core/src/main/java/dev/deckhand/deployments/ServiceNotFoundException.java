package dev.deckhand.deployments;

/** No deployed objects (or no stored document, for the document routes) carry this service id. Answered with 404. */
public class ServiceNotFoundException extends RuntimeException {
    public ServiceNotFoundException(String message) {
        super(message);
    }
}
