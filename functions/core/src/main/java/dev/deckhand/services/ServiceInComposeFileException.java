package dev.deckhand.services;

/** A service the request may not remove: one the compose file declares (answered 409). */
public class ServiceInComposeFileException extends RuntimeException {

    public ServiceInComposeFileException(String message) {
        super(message);
    }
}
