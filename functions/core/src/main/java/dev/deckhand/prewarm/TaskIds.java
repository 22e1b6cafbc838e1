package dev.deckhand.prewarm;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Task ids as seed 002 shapes them: {@code task-YYYYMMDD-HHMMSS-xxxxxxxx}, the creation time in UTC and 8 random
 * hex digits. An id is also the custom resource's name (a valid DNS-1123 subdomain).
 */
public final class TaskIds {

    public static final Pattern FORMAT = Pattern.compile("task-[0-9]{8}-[0-9]{6}-[0-9a-f]{8}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static volatile SecureRandom random = new SecureRandom();

    private TaskIds() {
    }

    public static String newId(Instant createdAt) {
        return newId("task-", createdAt);
    }

    /** An id of this shape with another kind's prefix ({@code cleanup-}), drawn from the same generator. */
    public static String newId(String prefix, Instant createdAt) {
        byte[] random = new byte[4];
        TaskIds.random.nextBytes(random);
        return prefix + TIME.format(createdAt) + "-" + HexFormat.of().formatHex(random);
    }

    /**
     * A new generator, seeded now: after a restore from a snapshot (SnapStart) every restored copy of the process
     * would otherwise draw the same sequence from the snapshotted one, and create tasks with the same ids.
     */
    public static void reseed() {
        random = new SecureRandom();
    }

    /** The generator ids are drawn from now (tests). */
    static SecureRandom generator() {
        return random;
    }

    /** Whether the text has the id format; an id of any other shape names no task. */
    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
