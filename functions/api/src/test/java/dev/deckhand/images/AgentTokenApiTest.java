package dev.deckhand.images;

import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agents that demand the caller token, as deployed ones do: the functions present it (as a value or from the
 * mounted Secret file), and a wrong one is reported as the agent's refusal, a 502, not as the caller's fault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentTokenApiTest {

    private static final String TOKEN = "sandbox-agent-token-ffffffffffffffffffffffff";

    @TempDir
    Path dir;
    private SandboxCluster cluster;

    @BeforeAll
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).controlPlane(false).build());
        cluster.agents().requireToken(TOKEN);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private ApiTestSupport.Answer listOnNode1(Map<String, Object> agentSettings) {
        Map<String, Object> properties = new HashMap<>(agentSettings);
        properties.put("micronaut.server.port", -1);
        properties.put("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString());
        properties.put("deckhand.agent.url-template", cluster.agentUrlTemplate());
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            ApiTestSupport api = new ApiTestSupport(server.getURL(), server.getApplicationContext().getBean(JsonMapper.class));
            return api.post("/list", "{\"node_name\":\"node-1\"}");
        }
    }

    @Test
    void theTokenAsAValueIsPresented() {
        ApiTestSupport.Answer answer = listOnNode1(Map.of("deckhand.agent.token", TOKEN));
        assertEquals(200, answer.status(), answer.body());
    }

    @Test
    void theTokenFromTheMountedSecretFileIsPresented() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        ApiTestSupport.Answer answer = listOnNode1(Map.of("deckhand.agent.token-file", file.toString()));
        assertEquals(200, answer.status(), answer.body());
    }

    @Test
    void aWrongOrMissingTokenIsTheAgentsRefusalNotTheCallers() {
        for (Map<String, Object> settings : new Map[] {
                Map.of("deckhand.agent.token", "not-the-agent-token-but-long-enough-1234567"),
                Map.of("deckhand.agent.token-file", dir.resolve("absent").toString())}) {
            ApiTestSupport.Answer answer = listOnNode1(settings);
            assertEquals(502, answer.status(), answer.body());
            assertTrue(answer.text("error").contains("answers Deckhand only"), answer.body());
            assertEquals("UNAUTHENTICATED", answer.text("reason"), answer.body());
        }
    }
}
