package dev.deckhand.tenantjobs;

/**
 * Port: which namespaces are tenants' and what PVCs they hold. A tenant's namespace is named after the tenant id
 * (seed 003) and labelled {@value #TENANT_LABEL}{@code =ID}; a namespace that merely has the name is not a tenant's.
 */
public interface TenantNamespaces {

    String TENANT_LABEL = "deckhand.dev/tenant";

    /** True when namespace {@code tenant} exists and is labelled {@value #TENANT_LABEL}{@code =tenant}. */
    boolean isTenant(String tenant);

    /** True when the PVC exists in the namespace. */
    boolean claimExists(String namespace, String claim);
}
