package dev.deckhand.cleanup;

import dev.deckhand.prewarm.TaskIds;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Cleanup ids: {@code cleanup-YYYYMMDD-HHMMSS-xxxxxxxx}, shaped as prewarm task ids (and drawn from the same generator,
 * reseeded after a snapshot restore) with their own prefix, so an id says which kind of task it names.
 */
public final class CleanupIds {

    public static final Pattern FORMAT = Pattern.compile("cleanup-[0-9]{8}-[0-9]{6}-[0-9a-f]{8}");

    private CleanupIds() {
    }

    public static String newId(Instant createdAt) {
        return TaskIds.newId("cleanup-", createdAt);
    }

    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
