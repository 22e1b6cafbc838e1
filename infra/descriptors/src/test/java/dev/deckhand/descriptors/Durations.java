package dev.deckhand.descriptors;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Periods of cron and EventBridge schedules, and Micronaut-style durations ("50s", "5m"). */
final class Durations {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /** The period of a cron schedule of the forms {@code * * * * *} and {@code * /N * * * *} (every N minutes). */
    static Duration cronPeriod(String schedule) {
        String[] fields = schedule.trim().split("\\s+");
        if (fields.length != 5 || !fields[1].equals("*") || !fields[2].equals("*") || !fields[3].equals("*") || !fields[4].equals("*")) {
            throw new AssertionError("cannot tell the period of the cron schedule '" + schedule + "': use '*/N * * * *'");
        }
        if (fields[0].equals("*")) {
            return Duration.ofMinutes(1);
        }
        if (fields[0].startsWith("*/")) {
            return Duration.ofMinutes(Integer.parseInt(fields[0].substring(2)));
        }
        throw new AssertionError("cannot tell the period of the cron schedule '" + schedule + "': use '*/N * * * *'");
    }

    /** The period of an EventBridge {@code rate(N unit)} expression. */
    static Duration ratePeriod(String expression) {
        Matcher m = RATE.matcher(expression.trim());
        if (!m.matches()) {
            throw new AssertionError("cannot tell the period of the schedule '" + expression + "': use rate(N minutes)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** A duration as Micronaut reads the simple forms ("50s", "5m", "250ms"). */
    static Duration parse(String text) {
        Matcher m = SIMPLE.matcher(text.trim());
        if (!m.matches()) {
            return Duration.parse(text.trim());
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static long seconds(Object value, String what) {
        if (!(value instanceof Number number)) {
            throw new AssertionError(what + " must be a number of seconds, is " + value);
        }
        return number.longValue();
    }
}
