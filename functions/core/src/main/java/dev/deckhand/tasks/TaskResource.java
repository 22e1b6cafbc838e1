package dev.deckhand.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** A task's custom resource as it is sent to and read from the API server. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record TaskResource<P, S>(String apiVersion, String kind, Meta metadata, P spec, S status) {

    /** The part of {@code metadata} Deckhand writes and reads. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Meta(String name, String namespace, String resourceVersion, Map<String, String> labels) {
    }
}
