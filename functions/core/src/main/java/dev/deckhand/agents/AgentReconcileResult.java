package dev.deckhand.agents;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What one node-agent pass did.
 *
 * @param provisionedNodes nodes for which this pass created an agent Deployment or Service
 * @param created          objects created
 * @param updated          objects replaced with the current template
 * @param deleted          objects of departed nodes removed
 * @param failures         one line per write that failed; the next pass retries them
 */
@Serdeable
public record AgentReconcileResult(List<String> provisionedNodes, int created, int updated, int deleted, List<String> failures) {

    public boolean converged() {
        return failures.isEmpty();
    }

    public int writes() {
        return created + updated + deleted;
    }
}
