package dev.deckhand.services;

import dev.deckhand.cluster.ObjectMetadata;
import io.micronaut.core.annotation.Nullable;

/**
 * A service's Deployment or Service as a pass observes it (metadata only).
 *
 * @param stored   what Deckhand stored on it; null when absent or unreadable
 * @param specHash the hash annotation
 */
public record ObservedServiceObject(ServiceObjectKind kind, String name, @Nullable ServiceOrigin origin,
                                    @Nullable StoredService stored, @Nullable String specHash, String resourceVersion) {

    public static ObservedServiceObject of(ServiceObjectKind kind, ObjectMetadata meta) {
        return new ObservedServiceObject(kind, meta.name(), ServiceOrigin.ofLabel(meta.labels().get(ServiceLabels.ORIGIN)),
                ServiceLabels.fromAnnotations(meta.annotations()).orElse(null),
                meta.annotations().get(dev.deckhand.cluster.DeckhandLabels.SPEC_HASH_ANNOTATION), meta.resourceVersion());
    }
}
