package dev.deckhand.images;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.deckhand.nodes.NodeNames;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /pull} and {@code POST /delete}. */
@Serdeable
public record NodeImageRequest(
        @JsonProperty("node_name")
        @NotNull(message = "node_name is required")
        @Size(max = 253, message = NodeNames.MESSAGE)
        @Pattern(regexp = NodeNames.DNS_1123_SUBDOMAIN, message = NodeNames.MESSAGE)
        String nodeName,
        @NotBlank(message = "image is required")
        String image) {
}
