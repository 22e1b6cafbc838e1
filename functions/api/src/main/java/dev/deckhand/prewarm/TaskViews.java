package dev.deckhand.prewarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.tasks.FailedNode;
import dev.deckhand.tasks.Progress;
import dev.deckhand.tasks.Timestamps;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The answers of the prewarm routes, shaped as seed 002 shows them. Empty lists are written ({@code "tasks": []}), not
 * left out as the serializer would by default; only the detail leaves out what a task does not have yet.
 */
public final class TaskViews {

    private TaskViews() {
    }

    /** Answer of {@code POST /api/v1/tasks}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Created(String taskId, String status, List<String> images, int batchSize, String createdAt) {
    }

    /** The progress block of a task's detail. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProgressView(int totalNodes, int completedNodes, int failedNodes, int currentBatch, int totalBatches,
                               double percentage) {
    }

    /** The progress block of a task in a list. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProgressSummary(int totalNodes, int completedNodes, double percentage) {
    }

    /** Answer of {@code GET /api/v1/tasks/{id}}: seed 002's fields, then Deckhand's. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String taskId, String status, List<String> images, int batchSize, ProgressView progress,
                         List<FailedNode> failedNodeDetails, String createdAt, String startedAt, String completedAt,
                         Map<String, String> nodeSelector, String mode, String strategy, Boolean followSelector,
                         String message) {
    }

    /** One task of {@code GET /api/v1/tasks}: seed 002's fields, then Deckhand's. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Summary(String taskId, String status, List<String> images, ProgressSummary progress, String createdAt,
                          String strategy) {
    }

    /** Answer of {@code GET /api/v1/tasks}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(List<Summary> tasks, int total, int limit, int offset) {
    }

    /** Answer of {@code DELETE /api/v1/tasks/{id}}. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Cancelled(String taskId, String status, String message) {
    }

    static Created created(PrewarmTask task) {
        return new Created(task.id(), task.effectivePhase().wire(), task.spec().images(), task.spec().batchSize(),
                Timestamps.seconds(task.spec().createdAt()));
    }

    static Detail detail(PrewarmTask task) {
        PrewarmStatus status = task.status();
        Progress p = task.progress();
        return new Detail(task.id(), task.effectivePhase().wire(), task.spec().images(), task.spec().batchSize(),
                new ProgressView(p.totalNodes(), p.completedNodes(), p.failedNodes(), p.currentBatch(), p.totalBatches(),
                        p.percentage()),
                status == null ? List.of() : status.failedNodeDetails(),
                Timestamps.seconds(task.spec().createdAt()),
                status == null ? null : Timestamps.seconds(status.startedAt()),
                Timestamps.seconds(task.finishedAt()),
                task.spec().nodeSelector(), task.spec().pullMode().wire(), task.spec().rolloutStrategy().wire(),
                task.spec().followSelector() ? Boolean.TRUE : null,
                status == null ? null : status.message());
    }

    static Summary summary(PrewarmTask task) {
        Progress p = task.progress();
        return new Summary(task.id(), task.effectivePhase().wire(), task.spec().images(),
                new ProgressSummary(p.totalNodes(), p.completedNodes(), p.percentage()),
                Timestamps.seconds(task.spec().createdAt()), task.spec().rolloutStrategy().wire());
    }
}
