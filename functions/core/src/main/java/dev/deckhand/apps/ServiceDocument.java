package dev.deckhand.apps;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A service document as seed 004 keeps it in its {@code docker_services} collection: a display name, the deployment
 * YAML as text, and optionally which container and port the Service exposes.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceDocument(
        @Nullable String name,
        @Nullable String deployment,
        @Nullable @JsonProperty("exposed_service") String exposedService,
        @Nullable @JsonProperty("exposed_port") Integer exposedPort) {
}
