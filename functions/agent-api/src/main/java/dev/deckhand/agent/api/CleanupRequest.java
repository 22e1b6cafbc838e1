package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Body of {@code POST /images/cleanup}.
 *
 * @param images    which images to consider ({@link ImageRule}); empty or absent: every image
 * @param keep      images never removed ({@link ImageRule}), whatever {@code images} says
 * @param unusedFor refused: see {@link CleanupRules#UNUSED_FOR_REFUSAL}
 * @param dryRun    answer what would be removed, remove nothing
 */
@Serdeable
public record CleanupRequest(List<String> images, List<String> keep, String unusedFor, boolean dryRun) {

    public CleanupRequest {
        images = images == null ? List.of() : List.copyOf(images);
        keep = keep == null ? List.of() : List.copyOf(keep);
    }
}
