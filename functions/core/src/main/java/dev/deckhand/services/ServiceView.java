package dev.deckhand.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A service as the seed's routes show it.
 *
 * @param status         from the live pods: {@code running}, {@code pending}, a container's waiting reason
 *                       ({@code ImagePullBackOff}...), {@code failed}, {@code stopped} (0 replicas); for a run to completion
 *                       {@code succeeded} or {@code failed} once it ended
 * @param created        ISO-8601
 * @param publishedPort  the node port the Service holds; null when nothing is published or none is assigned yet
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServiceView(String id, String name, String image, String status, String created, int replicas,
                          @JsonProperty("published_port") @Nullable Integer publishedPort, boolean detached, String origin) {
}
