package dev.deckhand.cleanup;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.prewarm.PrewarmStatus;
import dev.deckhand.tasks.FailedNode;
import dev.deckhand.tasks.NodeEntry;
import dev.deckhand.tasks.Progress;
import dev.deckhand.tasks.TaskStatus;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What the reconciler observed and did: the custom resource's {@code status}, written only through {@code /status}.
 * The node list, progress, failed nodes and lifecycle are a prewarm task's (and are planned by the same code); each
 * node that finished also has a {@link NodeResult}, and the task totals them.
 *
 * @param phase             {@code running}, {@code completed}, {@code failed} or {@code cancelled} (no status: pending)
 * @param nodes             the nodes fixed at start, each with its state; the order defines the batches
 * @param progress          counts derived from {@code nodes}
 * @param failedNodeDetails one entry per failed node
 * @param results           one entry per node that finished, in the order they finished
 * @param imagesRemoved     sum over {@code results}
 * @param bytesFreed        sum over {@code results}
 * @param startedAt         when the task started (RFC 3339, UTC, seconds)
 * @param completedAt       when it finished
 * @param message           why a task ended without cleaning (e.g. no node matched), otherwise absent
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CleanupStatus(String phase, List<NodeEntry> nodes, Progress progress, List<FailedNode> failedNodeDetails,
                            List<NodeResult> results, long imagesRemoved, long bytesFreed, String startedAt,
                            String completedAt, String message) implements TaskStatus {

    public CleanupStatus {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        failedNodeDetails = failedNodeDetails == null ? List.of() : List.copyOf(failedNodeDetails);
        results = results == null ? List.of() : List.copyOf(results);
        progress = progress == null ? Progress.NONE : progress;
    }

    /** The status with these results; totals recomputed. */
    static CleanupStatus of(PrewarmStatus rollout, List<NodeResult> results) {
        long images = 0;
        long bytes = 0;
        for (NodeResult result : results) {
            images += result.imagesRemoved();
            bytes += result.bytesFreed();
        }
        return new CleanupStatus(rollout.phase(), rollout.nodes(), rollout.progress(), rollout.failedNodeDetails(),
                results, images, bytes, rollout.startedAt(), rollout.completedAt(), rollout.message());
    }

    /** The node-by-node part, in the shape the prewarm planner works on. */
    PrewarmStatus rollout() {
        return new PrewarmStatus(phase, nodes, progress, failedNodeDetails, startedAt, completedAt, message);
    }
}
