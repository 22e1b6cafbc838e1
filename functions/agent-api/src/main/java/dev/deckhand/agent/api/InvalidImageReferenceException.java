package dev.deckhand.agent.api;

/** An image reference that does not parse. The message names the reference and what is wrong. */
public class InvalidImageReferenceException extends IllegalArgumentException {

    private final String reference;

    public InvalidImageReferenceException(String reference, String problem) {
        super("image reference '" + (reference == null ? "" : reference) + "' " + problem);
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
