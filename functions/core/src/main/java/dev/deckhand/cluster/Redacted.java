package dev.deckhand.cluster;

/** How a secret setting shows in a {@code toString}: whether it is set, never its value. */
public final class Redacted {

    private Redacted() {
    }

    public static String of(String secret) {
        return secret == null || secret.isEmpty() ? "<unset>" : "<redacted>";
    }
}
