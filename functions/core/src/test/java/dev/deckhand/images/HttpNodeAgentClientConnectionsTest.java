package dev.deckhand.images;

import dev.deckhand.agents.AgentSettings;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotSame;

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
}
