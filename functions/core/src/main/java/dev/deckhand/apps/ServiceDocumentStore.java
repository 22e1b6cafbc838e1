package dev.deckhand.apps;

import java.util.Optional;

/** Port: stored service documents, by service id. */
public interface ServiceDocumentStore {

    Optional<ServiceDocument> find(String id);

    /** Creates or replaces the document of {@code id}. */
    void save(String id, ServiceDocument document);

    /** True when there was a document to delete. */
    boolean delete(String id);
}
