package dev.deckhand.tasks;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** RFC 3339 UTC timestamps as the seed shows them ({@code 2026-01-16T15:12:34Z}). */
public final class Timestamps {

    private Timestamps() {
    }

    /** Seconds precision, as every timestamp of the API. */
    public static String seconds(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Milliseconds precision, for ordering (creation time). */
    public static String millis(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Seconds precision of a stored timestamp; null stays null. */
    public static String seconds(String stored) {
        Instant parsed = parse(stored);
        return parsed == null ? null : seconds(parsed);
    }

    /** A stored timestamp; null (or unreadable) is null. */
    public static Instant parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(stored);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
