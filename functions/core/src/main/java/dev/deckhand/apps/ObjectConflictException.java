package dev.deckhand.apps;

/** An object Deckhand would create already exists and is not Deckhand's (or changed under it). Answered with 409. */
public class ObjectConflictException extends RuntimeException {
    public ObjectConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
