package dev.deckhand.cleanup;

import dev.deckhand.tasks.TaskValidationException;

/** A cleanup request that cannot be made into a task. */
public class CleanupValidationException extends TaskValidationException {

    public CleanupValidationException(String field, String message) {
        super(field, message);
    }
}
