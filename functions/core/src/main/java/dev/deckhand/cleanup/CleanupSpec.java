package dev.deckhand.cleanup;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.rollout.RolloutStrategy;
import dev.deckhand.tasks.TaskSpec;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * What a cleanup asks for: the custom resource's {@code spec}. Written once at creation, and once more by a cancel.
 *
 * @param images       image references or repository prefixes to remove ({@link dev.deckhand.agent.api.ImageRule});
 *                     empty: every image no container uses
 * @param keep         references or prefixes never removed
 * @param dryRun       report what would be removed, remove nothing
 * @param batchSize    most nodes cleaned at once
 * @param nodeSelector equality label selector of the nodes (empty: every Ready node)
 * @param strategy     {@code batch} or {@code window} ({@link RolloutStrategy})
 * @param createdAt    creation time (RFC 3339, UTC, milliseconds)
 * @param cancelled    a cancel was asked for; the task shows as cancelled from then on
 * @param cancelledAt  when it was asked for
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CleanupSpec(List<String> images, List<String> keep, boolean dryRun, int batchSize,
                          Map<String, String> nodeSelector, String strategy, String createdAt, boolean cancelled,
                          String cancelledAt) implements TaskSpec {

    public CleanupSpec {
        images = images == null ? List.of() : List.copyOf(images);
        keep = keep == null ? List.of() : List.copyOf(keep);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    }

    public CleanupSpec withCancel(String at) {
        return new CleanupSpec(images, keep, dryRun, batchSize, nodeSelector, strategy, createdAt, true, at);
    }
}
