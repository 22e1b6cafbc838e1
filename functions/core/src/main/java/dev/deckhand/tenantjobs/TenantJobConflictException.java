package dev.deckhand.tenantjobs;

/** A Job of the deterministic name exists in the tenant's namespace but is not Deckhand's job of the tenant. A 409. */
public class TenantJobConflictException extends RuntimeException {
    public TenantJobConflictException(String namespace, String name) {
        super("a Job named " + name + " that Deckhand did not create exists in namespace " + namespace);
    }
}
