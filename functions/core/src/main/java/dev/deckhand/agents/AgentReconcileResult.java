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
 * @param deferred         planned writes not started because the pass had to stop (its time was up); the next
 *                         pass plans them again from what it observes
 * @param failures         one line per write that failed; a later pass retries them
 * @param skipped          writes not started because their object is backed off after a refused write, or the pass's
 *                         budget of failing writes was spent
 * @param skippedObjects   the first few of those, described
 */
@Serdeable
public record AgentReconcileResult(List<String> provisionedNodes, int created, int updated, int deleted, int deferred,
                                   List<String> failures, int skipped, List<String> skippedObjects) {

    /** Nothing failed, nothing was skipped and nothing was left for the next pass: the cluster matches the plan. */
    public boolean converged() {
        return failures.isEmpty() && deferred == 0 && skipped == 0;
    }

    public int writes() {
        return created + updated + deleted;
    }
}
