package dev.deckhand.apps;

import java.util.Map;
import java.util.Optional;

/** Port: stored service documents, by service id. */
public interface ServiceDocumentStore {

    Optional<ServiceDocument> find(String id);

    /** Every stored document, by service id. */
    Map<String, ServiceDocument> all();

    /** Creates or replaces the document of {@code id}. */
    void save(String id, ServiceDocument document);

    /** True when there was a document to delete. */
    boolean delete(String id);
}
