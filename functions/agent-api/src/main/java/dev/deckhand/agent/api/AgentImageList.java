package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Answer of {@code GET /images}: every image on the node, uncapped. */
@Serdeable
public record AgentImageList(List<AgentImage> images) {
    public AgentImageList {
        images = images == null ? List.of() : List.copyOf(images);
    }
}
