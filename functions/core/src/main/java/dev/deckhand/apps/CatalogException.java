package dev.deckhand.apps;

/** The configured catalog could not be asked, or answered with something other than a service document. Answered with 502. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
