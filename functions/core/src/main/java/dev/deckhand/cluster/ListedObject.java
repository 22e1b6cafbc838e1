package dev.deckhand.cluster;

import io.micronaut.serde.annotation.Serdeable;

/** An item of a metadata-only LIST. */
@Serdeable
public record ListedObject(ObjectMetadata metadata) {
}
