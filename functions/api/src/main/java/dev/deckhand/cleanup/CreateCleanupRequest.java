package dev.deckhand.cleanup;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** Body of {@code POST /api/v1/cleanups}. */
@Serdeable
@Schema(description = "An image cleanup to create")
public record CreateCleanupRequest(
        @Schema(description = "Equality label selector of the nodes; absent or empty: every Ready node",
                example = "{\"workload\": \"compute\"}")
        Map<String, String> nodeSelector,
        @Schema(description = "Nodes cleaned at once (1 to deckhand.cleanup.max-batch-size, default 500); default 10",
                example = "10")
        Integer batchSize,
        @Schema(description = "Image references (exact) or repository prefixes (no tag; a trailing / for everything under "
                + "a path) to remove; absent or empty: every image no container uses", example = "[\"registry.example/team/\"]")
        List<String> images,
        @Schema(description = "Refused with 400: the container runtime keeps no last-used time for images")
        String unusedFor,
        @Schema(description = "Image references or repository prefixes never removed", example = "[\"nginx:1.27\"]")
        List<String> keep,
        @Schema(description = "Report per node what would be removed and the bytes it would free; remove nothing")
        Boolean dryRun,
        @Schema(description = "\"batch\" (default: fixed slices of batchSize nodes) or \"window\" (a node starts as soon "
                + "as fewer than batchSize are in flight)", allowableValues = {"batch", "window"})
        String strategy) {

    NewCleanupTask toNewTask() {
        return new NewCleanupTask(nodeSelector, batchSize, images, unusedFor, keep, dryRun, strategy);
    }
}
