package dev.deckhand.cluster;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** The part of an object's {@code metadata} that reconcile passes read. */
@Serdeable
public record ObjectMetadata(String name, String namespace, String resourceVersion,
                             Map<String, String> labels, Map<String, String> annotations) {
    public ObjectMetadata {
        labels = labels == null ? Map.of() : labels;
        annotations = annotations == null ? Map.of() : annotations;
    }
}
