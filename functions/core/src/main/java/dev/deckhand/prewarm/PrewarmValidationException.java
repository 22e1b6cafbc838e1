package dev.deckhand.prewarm;

import dev.deckhand.tasks.TaskValidationException;

/** A request a prewarm task cannot be made of. */
public class PrewarmValidationException extends TaskValidationException {

    public PrewarmValidationException(String field, String message) {
        super(field, message);
    }
}
