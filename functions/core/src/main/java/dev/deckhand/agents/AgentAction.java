package dev.deckhand.agents;

/** One write a reconcile pass decided to make. */
public sealed interface AgentAction {

    AgentKind kind();

    /** The node's agent object of this kind is missing. */
    record Create(AgentKind kind, String node) implements AgentAction {
    }

    /** The object exists but was rendered from another template. */
    record Update(AgentKind kind, String node, AgentObject observed) implements AgentAction {
    }

    /** The object belongs to no node of the cluster, or duplicates the node's proper object. */
    record Delete(AgentKind kind, AgentObject observed) implements AgentAction {
    }
}
