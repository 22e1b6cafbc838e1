package dev.deckhand.prewarm;

import java.util.List;
import java.util.Map;

/**
 * A create request as the client sent it, before validation; absent fields are null.
 *
 * @param images           image references (required, at least one)
 * @param batchSize        nodes at a time (default {@link PrewarmSettings#defaultBatchSize()})
 * @param nodeSelector     equality label selector (default: every Ready node)
 * @param followSelector   keep prewarming nodes that match later (default false)
 * @param imagePullSecrets Secret names for private registries (job mode)
 * @param mode             {@code agent} or {@code job} (default {@link PrewarmSettings#mode()})
 * @param strategy         {@code batch} or {@code window} (default batch)
 */
public record NewPrewarmTask(List<String> images, Integer batchSize, Map<String, String> nodeSelector,
                             Boolean followSelector, List<String> imagePullSecrets, String mode,
                             String strategy) {
}
