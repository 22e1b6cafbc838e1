package dev.deckhand.tenantjobs;

/** No tenant of that id: no namespace of that name labelled {@code deckhand.dev/tenant=ID}. A 404. */
public class UnknownTenantException extends RuntimeException {
    public UnknownTenantException(String tenant) {
        super("unknown tenant \"" + tenant + "\": no namespace " + tenant + " labelled " + TenantNamespaces.TENANT_LABEL
                + "=" + tenant);
    }
}
