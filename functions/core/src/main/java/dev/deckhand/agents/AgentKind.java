package dev.deckhand.agents;

/** The two kinds of object Deckhand keeps per node for its agent. */
public enum AgentKind {
    DEPLOYMENT, SERVICE
}
