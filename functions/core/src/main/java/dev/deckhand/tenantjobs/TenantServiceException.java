package dev.deckhand.tenantjobs;

/** The tenant service ({@code TENANT_SERVICE_URL}) could not be reached or answered an error. A 503 / 502. */
public class TenantServiceException extends RuntimeException {

    private final boolean unreachable;

    public TenantServiceException(String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    public boolean unreachable() {
        return unreachable;
    }
}
