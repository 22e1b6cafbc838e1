package dev.deckhand.agent.api;

import io.micronaut.serde.annotation.Serdeable;

/** One filesystem holding images (CRI {@code FilesystemUsage}). Used bytes are sampled by the runtime. */
@Serdeable
public record FsUsage(String mountpoint, long usedBytes, long inodesUsed) {
}
