package dev.deckhand.apps;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** A {@code ServiceDocument} custom resource ({@code servicedocuments.deckhand.dev/v1}) as sent and read. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record DocumentResource(String apiVersion, String kind, Meta metadata, ServiceDocument spec) {

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Meta(String name, String namespace, String resourceVersion, Map<String, String> labels) {
    }
}
