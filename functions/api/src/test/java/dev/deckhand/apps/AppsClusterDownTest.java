package dev.deckhand.apps;

import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An API server that does not answer: the deployment routes answer 503 with a JSON error, never a stack trace. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppsClusterDownTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("kubernetes.client.kube-config-path", SandboxCluster.unreachableKubeconfig().toString());
    }

    @Test
    void everyRouteAnswers503() {
        ApiTestSupport api = new ApiTestSupport(server.getURL(), json);
        for (ApiTestSupport.Answer answer : java.util.List.of(api.get("/kubernetes/services/web"),
                api.delete("/kubernetes/services/web"), api.get("/kubernetes/services/web/document"))) {
            assertEquals(503, answer.status(), answer.body());
            assertTrue(answer.text("error").contains("unreachable"), answer.body());
        }
    }
}
