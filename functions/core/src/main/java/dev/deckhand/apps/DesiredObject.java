package dev.deckhand.apps;

/**
 * One rendered object: its kind, name, the hash of its rendered form (also in its
 * {@link dev.deckhand.cluster.DeckhandLabels#SPEC_HASH_ANNOTATION} annotation) and the client model to write.
 */
public record DesiredObject(ObjectKind kind, String name, String hash, Object body) {
}
