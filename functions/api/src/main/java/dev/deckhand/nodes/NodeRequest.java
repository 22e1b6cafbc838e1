package dev.deckhand.nodes;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /list}. */
@Serdeable
public record NodeRequest(
        @JsonProperty("node_name")
        @NotNull(message = "node_name is required")
        @Size(max = 253, message = NodeNames.MESSAGE)
        @Pattern(regexp = NodeNames.DNS_1123_SUBDOMAIN, message = NodeNames.MESSAGE)
        String nodeName) {
}
