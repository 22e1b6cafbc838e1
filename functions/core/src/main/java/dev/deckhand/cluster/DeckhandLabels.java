package dev.deckhand.cluster;

/** Labels and annotations Deckhand puts on the objects it owns, so one label-selected LIST finds them. */
public final class DeckhandLabels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "deckhand";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    /** The owning node as a label value: node names can be longer than a label value may be, so this is {@code AgentNaming#suffix}. */
    public static final String NODE = "deckhand.dev/node";
    /** The owning node's full name. */
    public static final String NODE_NAME_ANNOTATION = "deckhand.dev/node-name";
    /** Hash of the desired object as Deckhand rendered it; a differing hash means the template changed. */
    public static final String SPEC_HASH_ANNOTATION = "deckhand.dev/spec-hash";

    private DeckhandLabels() {
    }
}
