package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Output for people: aligned tables, sizes as MB/GB, ages as "3m". */
final class Human {

    private Human() {
    }

    /** Columns separated by two spaces, each as wide as its widest cell; the last column is not padded. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... headers) {
            rows.add(headers);
        }

        Table row(Object... cells) {
            rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c.toString()).toArray(String[]::new));
            return this;
        }

        boolean isEmpty() {
            return rows.size() == 1;
        }

        String render() {
            int columns = rows.get(0).length;
            int[] widths = new int[columns];
            for (String[] row : rows) {
                for (int i = 0; i < columns; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder text = new StringBuilder();
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    line.append(i == columns - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
                }
                text.append(line.toString().stripTrailing()).append('\n');
            }
            return text.toString();
        }
    }

    /** Decimal units as {@code docker images} shows them: "7.8 MB", "1.2 GB". */
    static String size(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        if (bytes >= 100_000L || bytes == 0) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }

    /** "45s", "3m", "2h", "5d". */
    static String age(Duration age) {
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    /** The age of an ISO-8601 instant, or "" when there is none (or it does not parse). */
    static String age(JsonNode timestamp, Instant now) {
        if (timestamp == null || timestamp.isNull() || timestamp.asText().isEmpty()) {
            return "";
        }
        try {
            return age(Duration.between(Instant.parse(timestamp.asText()), now));
        } catch (DateTimeParseException e) {
            return timestamp.asText();
        }
    }

    /** "1.5s", "42s", then as {@link #age(Duration)}. */
    static String duration(Duration duration) {
        if (duration.toMillis() < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
        }
        return age(duration);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> items.add(item.asText()));
        }
        return String.join(",", items);
    }
}
