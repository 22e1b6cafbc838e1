package dev.deckhand.tasks;

/** A request a task cannot be made of. Answered with 400; the message starts with the field concerned. */
public class TaskValidationException extends RuntimeException {
    private final String field;

    public TaskValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field concerned, e.g. {@code images[1]}, {@code batchSize}, {@code limit}. */
    public String field() {
        return field;
    }
}
