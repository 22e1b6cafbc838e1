package dev.deckhand.cleanup;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.tasks.FailedNode;
import dev.deckhand.tasks.Progress;
import dev.deckhand.tasks.Timestamps;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The answers of the cleanup routes, shaped as the prewarm routes' (same progress block, failed-node details and
 * lifecycle), plus each node's result and the task's totals.
 */
public final class CleanupViews {

    private CleanupViews() {
    }

    /** Answer of {@code POST /api/v1/cleanups}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Created(String taskId, String status, List<String> images, List<String> keep, boolean dryRun,
                          int batchSize, String strategy, String createdAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProgressView(int totalNodes, int completedNodes, int failedNodes, int currentBatch, int totalBatches,
                               double percentage) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProgressSummary(int totalNodes, int completedNodes, double percentage) {
    }

    /** Answer of {@code GET /api/v1/cleanups/{id}}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String taskId, String status, List<String> images, List<String> keep, boolean dryRun,
                         int batchSize, String strategy, ProgressView progress, long imagesRemoved, long bytesFreed,
                         List<NodeResult> nodeResults, List<FailedNode> failedNodeDetails, String createdAt,
                         String startedAt, String completedAt, Map<String, String> nodeSelector, String message) {
    }

    /** One task of {@code GET /api/v1/cleanups}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Summary(String taskId, String status, boolean dryRun, ProgressSummary progress, long imagesRemoved,
                          long bytesFreed, String createdAt, String strategy) {
    }

    /** Answer of {@code GET /api/v1/cleanups}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(List<Summary> tasks, int total, int limit, int offset) {
    }

    /** Answer of {@code DELETE /api/v1/cleanups/{id}}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Cancelled(String taskId, String status, String message) {
    }

    static Created created(CleanupTask task) {
        CleanupSpec spec = task.spec();
        return new Created(task.id(), task.effectivePhase().wire(), spec.images(), spec.keep(), spec.dryRun(),
                spec.batchSize(), spec.rolloutStrategy().wire(), Timestamps.seconds(spec.createdAt()));
    }

    static Detail detail(CleanupTask task) {
        CleanupStatus status = task.status();
        CleanupSpec spec = task.spec();
        Progress p = task.progress();
        return new Detail(task.id(), task.effectivePhase().wire(), spec.images(), spec.keep(), spec.dryRun(), spec.batchSize(),
                spec.rolloutStrategy().wire(),
                new ProgressView(p.totalNodes(), p.completedNodes(), p.failedNodes(), p.currentBatch(), p.totalBatches(),
                        p.percentage()),
                status == null ? 0 : status.imagesRemoved(), status == null ? 0 : status.bytesFreed(),
                status == null ? List.of() : status.results(),
                status == null ? List.of() : status.failedNodeDetails(),
                Timestamps.seconds(spec.createdAt()),
                status == null ? null : Timestamps.seconds(status.startedAt()),
                Timestamps.seconds(task.finishedAt()),
                spec.nodeSelector(), status == null ? null : status.message());
    }

    static Summary summary(CleanupTask task) {
        CleanupStatus status = task.status();
        Progress p = task.progress();
        return new Summary(task.id(), task.effectivePhase().wire(), task.spec().dryRun(),
                new ProgressSummary(p.totalNodes(), p.completedNodes(), p.percentage()),
                status == null ? 0 : status.imagesRemoved(), status == null ? 0 : status.bytesFreed(),
                Timestamps.seconds(task.spec().createdAt()), task.spec().rolloutStrategy().wire());
    }
}
