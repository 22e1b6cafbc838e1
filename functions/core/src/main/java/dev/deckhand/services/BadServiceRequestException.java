package dev.deckhand.services;

/** A request the services routes refuse: seed 001's {@code 400 {"error": "Bad Request"}}; the message says why. */
public class BadServiceRequestException extends RuntimeException {
    public BadServiceRequestException(String why) {
        super(why);
    }
}
