package dev.deckhand.rollout;

import java.util.Locale;
import java.util.Optional;

/**
 * How a task that works through many nodes paces them; at most {@code batchSize} nodes are in flight either way.
 */
public enum RolloutStrategy {
    /**
     * Fixed slices of the node list, one after the other: batch {@code k} is nodes {@code [k * batchSize, (k + 1) *
     * batchSize)}, and it starts only when every node before it has finished. A slow node holds its whole batch up.
     */
    BATCH,
    /** A sliding window: a pending node starts as soon as fewer than {@code batchSize} are in flight. */
    WINDOW;

    /** The strategy of a task that names none. */
    public static final RolloutStrategy DEFAULT = BATCH;

    /** The name in JSON and in custom resources: {@code batch}, {@code window}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The strategy of a wire name; empty for anything else (case matters, as for every other enum of the API). */
    public static Optional<RolloutStrategy> parse(String value) {
        for (RolloutStrategy strategy : values()) {
            if (strategy.wire().equals(value)) {
                return Optional.of(strategy);
            }
        }
        return Optional.empty();
    }

    /** The wire names, quoted, for an error message: {@code "batch" or "window"}. */
    public static String choices() {
        return "\"batch\" or \"window\"";
    }
}
