package dev.deckhand.deployments;

/** A service document that passed {@link ServiceValidation}, with its deployment YAML read. */
public record ValidService(String id, ServiceDocument document, ServiceSpec spec) {
}
