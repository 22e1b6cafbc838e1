package dev.deckhand.images;

import dev.deckhand.agents.AgentSettings;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import dev.deckhand.http.NothingTrustedTls;

import javax.net.ssl.SSLContext;
import java.net.http.HttpClient;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class HttpNodeAgentClientConnectionsTest {

    @Test
    void droppingConnectionsGivesTheNextCallANewClient() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("deckhand.agent.token", "t".repeat(40))).start()) {
            HttpNodeAgentClient agents = new HttpNodeAgentClient(context.getBean(AgentSettings.class),
                    context.getBean(io.micronaut.serde.ObjectMapper.class));
            HttpClient before = agents.httpClient();
            agents.dropConnections();
            assertNotSame(before, agents.httpClient());
        }
    }

    @Test
    void plainHttpAgentsGetNoTrustStoreAndHttpsAgentsTheJdks() throws Exception {
        assertSame(NothingTrustedTls.context(), clientFor("http://{service}.{namespace}.svc:8090").httpClient().sslContext());
        HttpNodeAgentClient plain = clientFor("HTTP://agent-{node}:8090");
        plain.dropConnections();
        assertSame(NothingTrustedTls.context(), plain.httpClient().sslContext());
        assertSame(SSLContext.getDefault(), clientFor("https://{service}.{namespace}.svc:8443").httpClient().sslContext());
    }

    private static HttpNodeAgentClient clientFor(String urlTemplate) {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("deckhand.agent.token", "t".repeat(40), "deckhand.agent.url-template", urlTemplate)).start()) {
            return new HttpNodeAgentClient(context.getBean(AgentSettings.class), context.getBean(io.micronaut.serde.ObjectMapper.class));
        }
    }
}
