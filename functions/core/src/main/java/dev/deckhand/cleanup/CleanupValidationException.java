package dev.deckhand.cleanup;

/** A cleanup request that cannot be made into a task. Answered with 400; the message starts with the field concerned. */
public class CleanupValidationException extends RuntimeException {
    private final String field;

    public CleanupValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
