package dev.deckhand.tenantjobs;

import java.util.Optional;

/** Port: the job templates stored through Deckhand, one per tenant. */
public interface JobTemplateStore {

    /** The tenant's stored template as JSON, when it has one. */
    Optional<StoredTemplate> find(String tenant);

    /** Stores (creates or replaces) the tenant's template, already validated, as JSON. */
    StoredTemplate save(String tenant, String manifestJson);

    record StoredTemplate(String tenant, String manifestJson, String updatedAt) {
    }
}
