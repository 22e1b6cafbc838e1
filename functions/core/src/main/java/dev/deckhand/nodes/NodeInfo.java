package dev.deckhand.nodes;

/**
 * What Deckhand needs to know of a node.
 *
 * @param name  the node's name
 * @param ready whether its Ready condition is True
 */
public record NodeInfo(String name, boolean ready) {
}
