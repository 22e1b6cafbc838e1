package dev.deckhand.images;

import dev.deckhand.agents.AgentSettings;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpNodeAgentClientConnectionsTest {

    @Test
    void droppingConnectionsGivesTheNextCallANewClient() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("deckhand.agent.token", "t".repeat(40))).start()) {
            HttpNodeAgentClient agents = new HttpNodeAgentClient(context.getBean(AgentSettings.class),
                    context.getBean(io.micronaut.serde.ObjectMapper.class));
            OkHttpClient before = agents.httpClient();
            agents.dropConnections();
            assertNotSame(before, agents.httpClient());
        }
    }

    @Test
    void plainHttpAgentsGetACleartextOnlyClientAndHttpsAgentsTls() {
        assertEquals(List.of(ConnectionSpec.CLEARTEXT), clientFor("http://{service}.{namespace}.svc:8090").httpClient().connectionSpecs());
        HttpNodeAgentClient plain = clientFor("HTTP://agent-{node}:8090");
        plain.dropConnections();
        assertEquals(List.of(ConnectionSpec.CLEARTEXT), plain.httpClient().connectionSpecs());
        OkHttpClient tls = clientFor("https://{service}.{namespace}.svc:8443").httpClient();
        assertTrue(tls.connectionSpecs().stream().anyMatch(ConnectionSpec::isTls), tls.connectionSpecs().toString());
        assertTrue(tls.hostnameVerifier() != null && tls.x509TrustManager() != null, "verifies the agent's certificate");
    }

    private static HttpNodeAgentClient clientFor(String urlTemplate) {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("deckhand.agent.token", "t".repeat(40), "deckhand.agent.url-template", urlTemplate)).start()) {
            return new HttpNodeAgentClient(context.getBean(AgentSettings.class), context.getBean(io.micronaut.serde.ObjectMapper.class));
        }
    }
}
