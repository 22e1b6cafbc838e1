package dev.deckhand.prewarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.tasks.FailedNode;
import dev.deckhand.tasks.NodeEntry;
import dev.deckhand.tasks.Progress;
import dev.deckhand.tasks.TaskStatus;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What the reconciler observed and did: the custom resource's {@code status}, written only through {@code /status}.
 *
 * @param phase             {@code running}, {@code completed}, {@code failed} or {@code cancelled} (no status: pending)
 * @param nodes             the nodes fixed at start (plus those that joined later with followSelector), each with
 *                          its state; the order defines the batches
 * @param progress          counts derived from {@code nodes}
 * @param failedNodeDetails one entry per failed node
 * @param startedAt         when the task started (RFC 3339, UTC, seconds)
 * @param completedAt       when it finished
 * @param message           why a task ended without pulling (e.g. no node matched), otherwise absent
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrewarmStatus(String phase, List<NodeEntry> nodes, Progress progress, List<FailedNode> failedNodeDetails,
                            String startedAt, String completedAt, String message) implements TaskStatus {

    public PrewarmStatus {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        failedNodeDetails = failedNodeDetails == null ? List.of() : List.copyOf(failedNodeDetails);
        progress = progress == null ? Progress.NONE : progress;
    }
}
