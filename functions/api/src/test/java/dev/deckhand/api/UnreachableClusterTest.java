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
        api.assertClusterRoutesAnswer503("Kubernetes API server unreachable");
        ApiTestSupport.Answer ready = api.get("/readyz");
        assertEquals(503, ready.status());
        assertEquals(200, api.get("/healthz").status());
    }
}
