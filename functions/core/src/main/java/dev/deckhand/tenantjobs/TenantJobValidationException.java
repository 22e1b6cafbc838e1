package dev.deckhand.tenantjobs;

/** A request or template that is not acceptable: a 400 naming the field; nothing was written. */
public class TenantJobValidationException extends RuntimeException {

    private final String field;

    public TenantJobValidationException(String field, String message) {
        super(field == null || field.isEmpty() ? message : field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
