package dev.deckhand.tasks;

/** A conditional write of a task lost to a write made since it was read (HTTP 409). Read it again and retry. */
public class StaleTaskException extends RuntimeException {
    public StaleTaskException(String taskId, Throwable cause) {
        super("task '" + taskId + "' changed since it was read", cause);
    }
}
