package dev.deckhand.cleanup;

import java.util.List;
import java.util.Map;

/**
 * A create request as the client sent it, before validation; absent fields are null.
 *
 * @param nodeSelector equality label selector (default: every Ready node)
 * @param batchSize    nodes at a time (default {@link CleanupSettings#defaultBatchSize()})
 * @param images       references or repository prefixes to remove (default: every image no container uses)
 * @param unusedFor    refused: CRI cannot tell when an image was last used
 * @param keep         references or prefixes never removed
 * @param dryRun       report, remove nothing (default false)
 * @param strategy     {@code batch} (default) or {@code window}
 */
public record NewCleanupTask(Map<String, String> nodeSelector, Integer batchSize, List<String> images, String unusedFor,
                             List<String> keep, Boolean dryRun, String strategy) {
}
