package dev.deckhand.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the warm-ups share: the switch and the background thread. */
final class Warmups {

    /**
     * System property (or environment variable {@code DECKHAND_STARTUP_WARMUP}): {@code false} turns every warm-up
     * off; a comma-separated list of {@code libraries}, {@code routes}, {@code server} keeps only those; unset or
     * {@code true}: all.
     */
    static final String SWITCH = "deckhand.startup.warmup";

    private static final Logger LOG = LoggerFactory.getLogger(Warmups.class);

    private Warmups() {
    }

    static boolean enabled(String warmup) {
        String value = System.getProperty(SWITCH, System.getenv("DECKHAND_STARTUP_WARMUP"));
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        for (String part : value.split(",")) {
            if (part.trim().equalsIgnoreCase(warmup)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code work} on a daemon thread. A failure is only logged at debug level: whatever failed is done again,
     * and reported, by the request that needs it.
     */
    static void inBackground(String name, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("start-up warm-up {} failed; the first request will do the work itself", name, e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }
}
