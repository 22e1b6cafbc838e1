package dev.deckhand.text;

import java.util.Optional;

/**
 * The one rule for text a user sends, whatever field it lands in (a name, a command, an env value, a path, an image
 * reference, a label): no C0 or C1 control characters (U+0000-U+001F, U+007F-U+009F, so no NEL U+0085 either), no
 * line or paragraph separator (U+2028, U+2029), no bidirectional override or isolate (U+202A-U+202E,
 * U+2066-U+2069), no byte order mark (U+FEFF) and no unpaired surrogate. Such characters make a log line, a shell
 * command or a path read differently from what it is. A document (YAML text, a template) may also hold tab, line
 * feed and carriage return.
 */
public final class UserText {

    private UserText() {
    }

    /** What is wrong with a one-line value, e.g. {@code "contains U+202E (a bidirectional control)"}; empty when nothing. */
    public static Optional<String> problem(String text) {
        return problem(text, false);
    }

    /** As {@link #problem(String)}, for multi-line text: tab, line feed and carriage return are allowed. */
    public static Optional<String> documentProblem(String text) {
        return problem(text, true);
    }

    /** True when {@code text} is a one-line value the rule allows (null counts as allowed: absence is checked elsewhere). */
    public static boolean isAllowed(String text) {
        return problem(text).isEmpty();
    }

    private static Optional<String> problem(String text, boolean document) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("contains an unpaired surrogate at character " + (i + 1));
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("contains an unpaired surrogate at character " + (i + 1));
            }
            String kind = kind(c, document);
            if (kind != null) {
                return Optional.of("contains " + String.format("U+%04X", (int) c) + " (" + kind + ") at character " + (i + 1));
            }
        }
        return Optional.empty();
    }

    private static String kind(char c, boolean document) {
        if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
            if (document && (c == '\t' || c == '\n' || c == '\r')) {
                return null;
            }
            return c == '\n' || c == '\r' || c == 0x85 ? "a line break" : "a control character";
        }
        if (c == 0x2028 || c == 0x2029) {
            return "a line or paragraph separator";
        }
        if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
            return "a bidirectional control";
        }
        if (c == 0xFEFF) {
            return "a byte order mark";
        }
        return null;
    }
}
