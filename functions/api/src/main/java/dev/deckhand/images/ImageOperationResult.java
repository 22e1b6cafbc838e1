package dev.deckhand.images;

import io.micronaut.serde.annotation.Serdeable;

/** Seed 000's answer to a successful pull or delete: {@code {"image": ..., "success": "pull successfully"}}. */
@Serdeable
public record ImageOperationResult(String image, String success) {
}
