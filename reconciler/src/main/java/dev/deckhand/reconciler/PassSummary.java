package dev.deckhand.reconciler;

import dev.deckhand.cleanup.CleanupReconcileResult;
import dev.deckhand.prewarm.PrewarmReconcileResult;
import dev.deckhand.agents.AgentReconcileResult;
import dev.deckhand.services.ServicesReconcileResult;
import dev.deckhand.cluster.BudgetedWrites;
import dev.deckhand.cluster.PassWrites;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.ArrayList;
import java.util.List;

/**
 * What a pass did, per managed kind, and how long it took.
 *
 * @param outcome      how the pass ended
 * @param holder       the identity the pass took (or tried to take) the lease under
 * @param skipped      why the pass did not run; null when it ran
 * @param stoppedEarly why the pass stopped starting writes before its plan was done; null when it did not
 * @param nodeAgents   the node-agent reconcile; null when the pass did not run
 * @param prewarm      the prewarm tasks' step; null when the pass did not run
 * @param services     the services step (seed 001: desired and POSTed services kept running, drift fixed); null when
 *                     the pass did not run
 * @param cleanup      the image cleanups' step; null when the pass did not run
 * @param writes       writes of node agents and services the API server accepted in this pass
 * @param namedWrites  the first {@value PassWrites#NAMED_WRITES} of those, described, sorted
 * @param failedWrites   writes the API server refused (or could not be reached for) in this pass; at most
 *                       {@code deckhand.reconciler.failures.write-budget}
 * @param skippedWrites  writes not started because their object is backed off after refused writes, or the budget of
 *                       failing writes was spent
 * @param skippedObjects the first few of those, described
 * @param firstError     the pass's first failure, with the API server's words; null when nothing failed
 * @param millis       wall time of the pass
 */
@Serdeable
public record PassSummary(Outcome outcome, String holder, @Nullable String skipped, @Nullable String stoppedEarly,
                          @Nullable AgentReconcileResult nodeAgents, @Nullable PrewarmReconcileResult prewarm,
                          @Nullable ServicesReconcileResult services, @Nullable CleanupReconcileResult cleanup,
                          int writes, List<String> namedWrites, int failedWrites, int skippedWrites,
                          List<String> skippedObjects, @Nullable String firstError, long millis) {

    public enum Outcome {
        /** Everything planned was written. */
        CONVERGED,
        /** Some planned writes were left to the next pass (time up, or lease lost); nothing failed. */
        DEFERRED,
        /** A write failed; the next pass retries it. */
        FAILED,
        /** Another pass holds the lease: this one did nothing. */
        SKIPPED
    }

    static PassSummary ran(String holder, AgentReconcileResult nodeAgents, PrewarmReconcileResult prewarm, ServicesReconcileResult services,
                           CleanupReconcileResult cleanup, String stoppedEarly, PassWrites writes, long millis) {
        boolean deferred = nodeAgents.deferred() > 0 || prewarm.deferred() > 0 || services.deferred() > 0
                || cleanup.deferred() > 0;
        int skippedWrites = nodeAgents.skipped() + services.skipped();
        // Skipped writes are of objects the API server refused: the cluster does not match, whatever this pass sent.
        Outcome outcome = !nodeAgents.failures().isEmpty() || !prewarm.failures().isEmpty() || !services.failures().isEmpty()
                || !cleanup.failures().isEmpty() || skippedWrites > 0 ? Outcome.FAILED
                : deferred ? Outcome.DEFERRED
                : Outcome.CONVERGED;
        List<String> skippedObjects = new ArrayList<>(nodeAgents.skippedObjects());
        skippedObjects.addAll(services.skippedObjects());
        return new PassSummary(outcome, holder, null, deferred ? stoppedEarly : null, nodeAgents, prewarm, services,
                cleanup, writes.writes(), writes.namedWrites(), writes.failedWrites(), skippedWrites,
                List.copyOf(skippedObjects.subList(0, Math.min(BudgetedWrites.NAMED_SKIPS, skippedObjects.size()))),
                writes.firstError(), millis);
    }

    static PassSummary skipped(String holder, String why, long millis) {
        return new PassSummary(Outcome.SKIPPED, holder, why, null, null, null, null, null, 0, List.of(), 0, 0, List.of(), null, millis);
    }

    public boolean converged() {
        return outcome == Outcome.CONVERGED;
    }

    /** Whether the pass wrote, or tried to write, any object: such a pass is worth a line at INFO. */
    public boolean wroteAnything() {
        return outcome != Outcome.SKIPPED && (nodeAgents.writes() > 0 || prewarm.statusWrites() > 0
                || prewarm.jobsCreated() > 0 || services.writes() > 0 || cleanup.statusWrites() > 0 || failedWrites > 0
                || skippedWrites > 0);
    }

    /** One line for logs and for the run-once exit message, starting with the outcome. */
    public String describe() {
        String prefix = outcome.name().toLowerCase() + ": ";
        if (outcome == Outcome.SKIPPED) {
            return String.format("%s%s (%d ms)", prefix, skipped, millis);
        }
        StringBuilder line = new StringBuilder(String.format("%snode agents: %d created, %d updated, %d deleted, %d failed",
                prefix, nodeAgents.created(), nodeAgents.updated(), nodeAgents.deleted(), nodeAgents.failures().size()));
        if (nodeAgents.deferred() > 0) {
            line.append(String.format(", %d deferred to the next pass (%s)", nodeAgents.deferred(), stoppedEarly));
        }
        if (prewarm.tasks() > 0 || !prewarm.failures().isEmpty()) {
            line.append("; ").append(prewarm.describe());
        }
        if (cleanup.tasks() > 0 || !cleanup.failures().isEmpty()) {
            line.append("; ").append(cleanup.describe());
        }
        if (services.desired() > 0 || services.writes() > 0 || !services.failures().isEmpty()) {
            line.append("; ").append(services.describe());
        }
        if (!namedWrites.isEmpty()) {
            line.append("; wrote: ").append(String.join(", ", namedWrites));
            if (writes > namedWrites.size()) {
                line.append(String.format(" and %d more", writes - namedWrites.size()));
            }
        }
        if (skippedWrites > 0) {
            line.append(String.format("; %d writes skipped (backed off or over the budget of failing writes), e.g. %s",
                    skippedWrites, skippedObjects.get(0)));
        }
        line.append(String.format(" (%d ms)", millis));
        if (!nodeAgents.failures().isEmpty()) {
            line.append("; first failure: ").append(nodeAgents.failures().get(0));
        } else if (firstError != null) {
            line.append("; first failure: ").append(firstError);
        }
        return line.toString();
    }
}
