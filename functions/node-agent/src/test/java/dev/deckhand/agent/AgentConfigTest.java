package dev.deckhand.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentConfigTest {

    @Test
    void defaults() {
        AgentConfig config = AgentConfig.fromEnvironment(Map.of());

        assertEquals("/run/containerd/containerd.sock", config.runtimeEndpoint());
        assertEquals("unix:///run/containerd/containerd.sock", config.runtimeTarget());
        assertEquals(Duration.ofSeconds(10), config.callTimeout());
        assertEquals(Duration.ofMinutes(5), config.pullTimeout());
        assertEquals("/var/run/secrets/deckhand/agent-token/token", config.tokenFile());
        assertEquals(8090, config.port());
    }

    @Test
    void overriddenByTheEnvironment() {
        AgentConfig config = AgentConfig.fromEnvironment(Map.of(
                "DECKHAND_AGENT_RUNTIME_ENDPOINT", "unix:///run/k3s/containerd/containerd.sock",
                "DECKHAND_AGENT_PULL_TIMEOUT", "30s",
                "DECKHAND_AGENT_CALL_TIMEOUT", "PT2S",
                "DECKHAND_AGENT_TOKEN_FILE", "/token",
                "PORT", "9000"));

        assertEquals("unix:///run/k3s/containerd/containerd.sock", config.runtimeTarget());
        assertEquals(Duration.ofSeconds(30), config.pullTimeout());
        assertEquals(Duration.ofSeconds(2), config.callTimeout());
        assertEquals("/token", config.tokenFile());
        assertEquals(9000, config.port());
        assertEquals(Duration.ofMillis(1500), AgentConfig.fromEnvironment(Map.of("DECKHAND_AGENT_CALL_TIMEOUT", "1500ms")).callTimeout());
        assertEquals(Duration.ofHours(1), AgentConfig.fromEnvironment(Map.of("DECKHAND_AGENT_PULL_TIMEOUT", "1h")).pullTimeout());
    }

    @Test
    void aBarePathBecomesAUnixTarget() {
        assertEquals("unix:///var/run/crio/crio.sock", AgentConfig.fromEnvironment(
                Map.of("DECKHAND_AGENT_RUNTIME_ENDPOINT", " /var/run/crio/crio.sock ")).runtimeTarget());
    }

    @Test
    void badValuesAreNamed() {
        Exception duration = assertThrows(IllegalArgumentException.class,
                () -> AgentConfig.fromEnvironment(Map.of("DECKHAND_AGENT_CALL_TIMEOUT", "ten seconds")));
        assertTrue(duration.getMessage().contains("DECKHAND_AGENT_CALL_TIMEOUT=ten seconds"), duration.getMessage());
        Exception port = assertThrows(IllegalArgumentException.class, () -> AgentConfig.fromEnvironment(Map.of("PORT", "http")));
        assertTrue(port.getMessage().contains("PORT=http"), port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgentConfig.fromEnvironment(Map.of("PORT", "70000")));
    }
}
