package dev.deckhand.services;

/** A node port another Service of the cluster already holds (answered 409, naming the holder). */
public class NodePortTakenException extends RuntimeException {

    private final String holder;

    public NodePortTakenException(int nodePort, String holder) {
        super("node port " + nodePort + " is already held by Service " + holder);
        this.holder = holder;
    }

    /** {@code namespace/name}. */
    public String holder() {
        return holder;
    }
}
