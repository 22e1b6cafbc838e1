package dev.deckhand.tenantjobs;

/** No Deckhand job of that name in the tenant's namespace. A 404. */
public class TenantJobNotFoundException extends RuntimeException {
    public TenantJobNotFoundException(String tenant, String name) {
        super("tenant " + tenant + " has no job \"" + name + "\"");
    }
}
