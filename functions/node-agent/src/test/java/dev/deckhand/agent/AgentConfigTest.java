package dev.deckhand.agent;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgentConfigTest {

    private static final String TOKEN_FILE = AgentUnderTest.tokenFile(AgentUnderTest.TOKEN).toString();

    @Test
    void defaults() {
        // The agent does not start without a readable caller token.
        try (ApplicationContext context = ApplicationContext.run(Map.of("deckhand.agent.token-file", TOKEN_FILE))) {
            AgentConfig config = context.getBean(AgentConfig.class);
            assertEquals("/run/containerd/containerd.sock", config.runtimeEndpoint());
            assertEquals("unix:///run/containerd/containerd.sock", config.runtimeTarget());
            assertEquals(Duration.ofSeconds(10), config.callTimeout());
            assertEquals(Duration.ofMinutes(5), config.pullTimeout());
            assertEquals(8090, context.getProperty("micronaut.server.port", Integer.class).orElseThrow());
        }
    }

    @Test
    void overriddenByProperties() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "deckhand.agent.runtime-endpoint", "unix:///run/k3s/containerd/containerd.sock",
                "deckhand.agent.pull-timeout", "30s", "deckhand.agent.token-file", TOKEN_FILE))) {
            AgentConfig config = context.getBean(AgentConfig.class);
            assertEquals("unix:///run/k3s/containerd/containerd.sock", config.runtimeTarget());
            assertEquals(Duration.ofSeconds(30), config.pullTimeout());
            assertEquals(Duration.ofSeconds(10), config.callTimeout());
        }
    }

    @Test
    void aBarePathBecomesAUnixTarget() {
        assertEquals("unix:///var/run/crio/crio.sock",
                new AgentConfig(" /var/run/crio/crio.sock ", Duration.ofSeconds(1), Duration.ofSeconds(1), "/token").runtimeTarget());
    }
}
