package dev.deckhand.api;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no API server behind the kubeconfig: clear 503s, never a stack trace. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnreachableClusterTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("kubernetes.client.kube-config-path", SandboxCluster.unreachableKubeconfig().toString());
    }

    @Test
    void routesNeedingTheClusterAnswer503WithAClearMessage() {
        ApiTestSupport api = new ApiTestSupport(server.getURL(), json);
        for (ApiTestSupport.Answer answer : new ApiTestSupport.Answer[] {
                api.get("/get/nodes"), api.get("/update/monitor"), api.post("/list", "{\"node_name\":\"node-1\"}")}) {
            assertEquals(503, answer.status(), answer.body());
            String error = answer.json().get("error").getStringValue();
            assertTrue(error.contains("Kubernetes API server unreachable"), error);
            assertFalse(answer.body().contains("at io."), "no stack trace");
        }
        ApiTestSupport.Answer ready = api.get("/readyz");
        assertEquals(503, ready.status());
        assertEquals(200, api.get("/healthz").status());
    }
}
