package dev.deckhand.tasks;

import java.util.Locale;
import java.util.Optional;

/** A task's lifecycle, as seed 002 names it. */
public enum TaskPhase {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** The name in JSON and in the custom resource: {@code pending}, {@code running}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Completed, failed and cancelled tasks never change again. */
    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static Optional<TaskPhase> parse(String value) {
        for (TaskPhase phase : values()) {
            if (phase.wire().equals(value)) {
                return Optional.of(phase);
            }
        }
        return Optional.empty();
    }
}
