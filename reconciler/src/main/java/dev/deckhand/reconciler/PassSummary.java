package dev.deckhand.reconciler;

import dev.deckhand.agents.AgentReconcileResult;
import io.micronaut.serde.annotation.Serdeable;

/** What a pass did, per managed kind, and how long it took. */
@Serdeable
public record PassSummary(AgentReconcileResult nodeAgents, long millis) {

    public boolean converged() {
        return nodeAgents.converged();
    }

    /** One line for logs and for the run-once exit message. */
    public String describe() {
        return String.format("node agents: %d created, %d updated, %d deleted, %d failed (%d ms)%s",
                nodeAgents.created(), nodeAgents.updated(), nodeAgents.deleted(), nodeAgents.failures().size(), millis,
                nodeAgents.converged() ? "" : "; first failure: " + nodeAgents.failures().get(0));
    }
}
