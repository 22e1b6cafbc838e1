package dev.deckhand.prewarm;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** A {@code PrewarmTask} custom resource as it is sent to and read from the API server. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record TaskResource(String apiVersion, String kind, Meta metadata, PrewarmSpec spec, PrewarmStatus status) {

    /** The part of {@code metadata} Deckhand writes and reads. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Meta(String name, String namespace, String resourceVersion, Map<String, String> labels) {
    }

    PrewarmTask toTask() {
        return new PrewarmTask(metadata.name(), metadata.resourceVersion(), spec, status);
    }
}
