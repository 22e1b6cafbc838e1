package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One image as the node's container runtime reports it (CRI {@code Image}).
 *
 * @param id          the runtime's image id
 * @param repoTags    every {@code repository:tag} naming the image, possibly none
 * @param repoDigests every {@code repository@digest} naming the image
 * @param size        size in bytes as the runtime reports it
 */
@Serdeable
public record AgentImage(String id, List<String> repoTags, List<String> repoDigests, long size) {
    public AgentImage {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
    }
}
