package dev.deckhand.services;

import dev.deckhand.cluster.UnsentWriteException;

/**
 * A node port another Service of the cluster already holds: answered 409 by {@code POST /services}, naming the holder,
 * and reported (with the write left unsent) by the reconciler's services step.
 */
public class NodePortTakenException extends UnsentWriteException {

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
