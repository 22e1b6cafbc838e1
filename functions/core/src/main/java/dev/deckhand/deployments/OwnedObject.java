package dev.deckhand.deployments;

/** An object in the cluster that carries a service's labels: what a plan compares the rendered objects with. */
public record OwnedObject(ObjectKind kind, String name, String hash, String resourceVersion) {
}
