package dev.deckhand.agents;

/**
 * An agent object as observed in the cluster.
 *
 * @param kind            Deployment or Service
 * @param name            the object's name
 * @param nodeName        the node it serves (from its annotation), or {@code null} when it carries none
 * @param specHash        the hash Deckhand stamped on it when it was written
 * @param resourceVersion for optimistic replace
 */
public record AgentObject(AgentKind kind, String name, String nodeName, String specHash, String resourceVersion) {
}
