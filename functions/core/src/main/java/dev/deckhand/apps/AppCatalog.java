package dev.deckhand.apps;

import java.util.Optional;

/** Port: an outside catalog of service documents (seed 004's {@code docker_services} collection). */
public interface AppCatalog {

    /** The document of {@code id}, empty when the catalog has none; {@link CatalogException} when it cannot be asked. */
    Optional<ServiceDocument> fetch(String id);
}
