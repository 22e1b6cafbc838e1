package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Answer of {@code POST /images/cleanup}: what one node removed (or, in a dry run, would remove).
 *
 * @param dryRun     whether nothing was removed
 * @param removed    the images removed (would be removed), each with the size the runtime reports for it
 * @param bytesFreed sum of their sizes. The runtime's size of an image counts layers it shares with images that stay,
 *                   which are not freed, so this is an upper bound of the disk space regained
 * @param skipped    images the rules selected that were left alone, and why
 * @param failed     images whose removal the runtime refused; the others were still removed
 */
@Serdeable
public record CleanupResult(boolean dryRun, List<CleanedImage> removed, long bytesFreed, List<SkippedImage> skipped,
                            List<FailedRemoval> failed) {

    public CleanupResult {
        removed = removed == null ? List.of() : List.copyOf(removed);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        failed = failed == null ? List.of() : List.copyOf(failed);
    }

    /** One image removed. {@code names}: its tags, or its digests when it has none. */
    @Serdeable
    public record CleanedImage(String id, List<String> names, long size) {
    }

    /**
     * One image left alone: {@code reason} is {@link CleanupRules#IN_USE} ({@code detail} names the containers),
     * {@link CleanupRules#KEEP}, {@link CleanupRules#AGENT} or {@link CleanupRules#PINNED}.
     */
    @Serdeable
    public record SkippedImage(String id, List<String> names, String reason, String detail) {
    }

    /** One image the runtime did not remove: its words and status code. */
    @Serdeable
    public record FailedRemoval(String id, List<String> names, String error, String code) {
    }
}
