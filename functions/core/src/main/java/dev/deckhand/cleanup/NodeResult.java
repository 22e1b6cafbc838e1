package dev.deckhand.cleanup;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What a cleanup did on one node (in a dry run: would do).
 *
 * @param node          the node
 * @param imagesRemoved images removed
 * @param bytesFreed    sum of their sizes as the runtime reports them
 * @param removed       names of the first {@link CleanupPlanner#MAX_NAMES_PER_NODE} images removed (the status of a
 *                      task over thousands of nodes must stay far below etcd's object size limit)
 * @param kept          images the rules selected that were left alone (in use, keep, the agent's own, pinned)
 */
@Serdeable
public record NodeResult(String node, int imagesRemoved, long bytesFreed, List<String> removed, int kept) {

    public NodeResult {
        removed = removed == null ? List.of() : List.copyOf(removed);
    }
}
