package dev.deckhand.cleanup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** A {@code CleanupTask} custom resource as it is sent to and read from the API server. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record CleanupResource(String apiVersion, String kind, Meta metadata, CleanupSpec spec, CleanupStatus status) {

    /** The part of {@code metadata} Deckhand writes and reads. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Meta(String name, String namespace, String resourceVersion, Map<String, String> labels) {
    }

    CleanupTask toTask() {
        return new CleanupTask(metadata.name(), metadata.resourceVersion(), spec, status);
    }
}
