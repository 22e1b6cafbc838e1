package dev.deckhand.reconciler;

import dev.deckhand.agents.AgentReconcileResult;
import dev.deckhand.agents.NodeAgentReconciler;
import jakarta.inject.Singleton;

/** One reconcile pass over everything Deckhand keeps converged. Every trigger runs this same code. */
@Singleton
public class ReconcilePass {

    private final NodeAgentReconciler nodeAgents;

    public ReconcilePass(NodeAgentReconciler nodeAgents) {
        this.nodeAgents = nodeAgents;
    }

    public PassSummary run() {
        long started = System.nanoTime();
        AgentReconcileResult agents = nodeAgents.reconcile();
        return new PassSummary(agents, (System.nanoTime() - started) / 1_000_000);
    }
}
