package dev.deckhand.agent.api;

/** A cleanup request whose rules cannot be applied; the message starts with the field at fault. */
public class CleanupRuleException extends IllegalArgumentException {

    private final String field;

    public CleanupRuleException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
