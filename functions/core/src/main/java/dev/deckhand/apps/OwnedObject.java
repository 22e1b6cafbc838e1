package dev.deckhand.apps;

/**
 * An object in the cluster that carries a service's labels: what a plan compares the rendered objects with.
 *
 * @param terminating whether it is being deleted ({@code deletionTimestamp} set, held by a finalizer): no longer the
 *                    service's, neither to change nor to delete again
 * @param claim       for a PersistentVolumeClaim, its state; null for other kinds
 */
public record OwnedObject(ObjectKind kind, String name, String hash, String resourceVersion, boolean terminating,
                          ClaimState claim) {

    public OwnedObject(ObjectKind kind, String name, String hash, String resourceVersion) {
        this(kind, name, hash, resourceVersion, false, null);
    }

    /** A claim as the cluster holds it: its phase, storage class and storage request (e.g. {@code 1Gi}), each may be null. */
    public record ClaimState(String phase, String storageClass, String storage) {
        /** Bound to a volume, so it may hold data; any other phase (Pending, Lost) holds none. */
        public boolean bound() {
            return "Bound".equals(phase);
        }
    }
}
