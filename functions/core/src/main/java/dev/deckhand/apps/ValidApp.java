package dev.deckhand.apps;

/** A service document that passed {@link AppValidation}, with its deployment YAML read. */
public record ValidApp(String id, ServiceDocument document, AppSpec spec) {
}
