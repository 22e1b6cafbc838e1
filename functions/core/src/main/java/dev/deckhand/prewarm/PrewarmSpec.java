package dev.deckhand.prewarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.rollout.RolloutStrategy;
import dev.deckhand.tasks.TaskSpec;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * What a task asks for: the custom resource's {@code spec}. Written once at creation, and once more by a cancel.
 *
 * @param images           references to put on every node, in order
 * @param batchSize        how many nodes are prewarmed at once
 * @param nodeSelector     equality label selector of the nodes (empty: every Ready node)
 * @param followSelector   keep prewarming nodes that match later, until the task is cancelled
 * @param imagePullSecrets names of {@code kubernetes.io/dockerconfigjson} Secrets in the task's namespace (job mode)
 * @param mode             {@code agent} or {@code job}, fixed at creation
 * @param strategy         {@code batch} or {@code window} ({@link RolloutStrategy}); absent (a task stored before
 *                         strategies existed): batch
 * @param createdAt        creation time (RFC 3339, UTC, milliseconds)
 * @param cancelled        a cancel was asked for; the task shows as cancelled from then on
 * @param cancelledAt      when it was asked for
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrewarmSpec(List<String> images, int batchSize, Map<String, String> nodeSelector, boolean followSelector,
                          List<String> imagePullSecrets, String mode, String strategy, String createdAt, boolean cancelled,
                          String cancelledAt) implements TaskSpec {

    public PrewarmSpec {
        images = images == null ? List.of() : List.copyOf(images);
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
    }

    public PullMode pullMode() {
        return PullMode.parse(mode).orElse(PullMode.AGENT);
    }

    public PrewarmSpec withCancel(String at) {
        return new PrewarmSpec(images, batchSize, nodeSelector, followSelector, imagePullSecrets, mode, strategy, createdAt,
                true, at);
    }
}
