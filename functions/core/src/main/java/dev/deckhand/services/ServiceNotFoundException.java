package dev.deckhand.services;

/** No service matches: seed 001's {@code 404 {"error": "Not found"}}. */
public class ServiceNotFoundException extends RuntimeException {
    public ServiceNotFoundException(String what) {
        super(what);
    }
}
