package dev.deckhand.prewarm;

import java.util.Locale;
import java.util.Optional;

/** How a task pulls its images onto a node. */
public enum PullMode {
    /** CRI PullImage through the node's agent: no pod per node, works for any image. */
    AGENT,
    /** One Job per node pinned to it, whose containers run the target images (the seed's way). */
    JOB;

    /** The name in JSON and in the custom resource: {@code agent}, {@code job}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PullMode> parse(String value) {
        for (PullMode mode : values()) {
            if (mode.wire().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
