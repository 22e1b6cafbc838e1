package dev.deckhand.cluster;

import dev.deckhand.agents.AgentSettings;
import dev.deckhand.cluster.credentials.ClusterSettings;
import dev.deckhand.cluster.credentials.CredentialsMode;
import dev.deckhand.apps.AppSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings that hold secrets never print them, should anything log or report the settings object. */
class RedactedTest {

    private static final String SECRET = "s3cr3t-value-that-must-not-show-up-anywhere";

    @Test
    void settingsWithSecretsSayWhetherTheyAreSetButNotWhatTheyAre() {
        for (Object settings : List.of(
                new AgentSettings("deckhand", "img", "/sock", "http://{node}", Duration.ofSeconds(1), Duration.ofSeconds(1), SECRET, "/f"),
                new AppSettings("deckhand-apps", null, List.of(), "http://catalog", "/items/{id}", SECRET, Duration.ofSeconds(1), 10),
                new ClusterSettings(CredentialsMode.KUBECONFIG, "users:\n- user: {token: " + SECRET + "}", null, null, null, null, null,
                        Duration.ofSeconds(5)))) {
            String text = settings.toString();
            assertFalse(text.contains(SECRET), text);
            assertTrue(text.contains("<redacted>"), text);
        }
        assertTrue(new AgentSettings("d", "i", "/s", "u", Duration.ZERO, Duration.ZERO, null, "/f").toString().contains("token=<unset>"));
    }
}
