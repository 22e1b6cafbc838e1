package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Answer of {@code GET /fs}: the runtime's image filesystems (CRI {@code ImageFsInfo}). */
@Serdeable
public record FsInfo(List<FsUsage> imageFilesystems) {
    public FsInfo {
        imageFilesystems = imageFilesystems == null ? List.of() : List.copyOf(imageFilesystems);
    }
}
