package dev.deckhand.prewarm;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** Body of {@code POST /api/v1/tasks} (seed 002, plus the optional fields after nodeSelector). */
@Serdeable
@Schema(description = "A prewarm task to create")
public record CreateTaskRequest(
        @Schema(description = "Image references to pull onto every matching node (1 to deckhand.prewarm.max-images, default 20)",
                example = "[\"nginx:latest\", \"redis:7\"]")
        List<String> images,
        @Schema(description = "Nodes prewarmed at once (1 to deckhand.prewarm.max-batch-size, default 500); default 10",
                example = "10")
        Integer batchSize,
        @Schema(description = "Equality label selector of the nodes; absent or empty: every Ready node",
                example = "{\"workload\": \"compute\"}")
        Map<String, String> nodeSelector,
        @Schema(description = "Keep prewarming nodes that match later, until the task is cancelled; default false")
        Boolean followSelector,
        @Schema(description = "Names of image pull Secrets in Deckhand's namespace, for private registries (job mode only)")
        List<String> imagePullSecrets,
        @Schema(description = "\"agent\" (CRI PullImage through each node's agent) or \"job\" (one Job per node); "
                + "default deckhand.prewarm.mode", allowableValues = {"agent", "job"})
        String mode,
        @Schema(description = "\"batch\" (batches of batchSize nodes, each starting when the one before is done) or "
                + "\"window\" (at most batchSize nodes at once, the next starting as soon as one finishes); default batch",
                allowableValues = {"batch", "window"})
        String strategy) {

    NewPrewarmTask toNewTask() {
        return new NewPrewarmTask(images, batchSize, nodeSelector, followSelector, imagePullSecrets, mode, strategy);
    }
}
