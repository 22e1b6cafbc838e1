package dev.deckhand.nodes;

/** A request named a node the cluster does not have. Answered with 404. */
public class UnknownNodeException extends RuntimeException {
    private final String node;

    public UnknownNodeException(String node) {
        super("node '" + node + "' not found in the cluster");
        this.node = node;
    }

    public String node() {
        return node;
    }
}
