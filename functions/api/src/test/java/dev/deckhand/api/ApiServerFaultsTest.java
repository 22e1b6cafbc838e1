package dev.deckhand.api;

import dev.deckhand.sandbox.ApiServerFrontDoor;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API server going away and hanging under the functions, then coming back: each route that needs it answers
 * a clear 503 at once (down) or after the read timeout (hanging), never a stack trace and never a hang; once it is
 * back the same instance answers normally, with no restart.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerFaultsTest implements TestPropertyProvider {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    private SandboxCluster cluster;
    private ApiServerFrontDoor door;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
        door = cluster.frontDoor();
        return Map.of(
                "kubernetes.client.kube-config-path", door.kubeconfigPath().toString(),
                "deckhand.cluster.read-timeout", READ_TIMEOUT.toMillis() + "ms",
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @AfterEach
    void reopen() {
        door.up();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private void assertUnavailable(ApiTestSupport.Answer answer) {
        assertEquals(503, answer.status(), answer.body());
        assertTrue(answer.text("error").contains("Kubernetes API server unreachable"), answer.body());
        assertFalse(answer.body().contains("\tat "), "no stack trace: " + answer.body());
    }

    @Test
    void downIsA503AtOnceAndBackIsServedAgain() {
        ApiTestSupport api = new ApiTestSupport(server.getURL(), json);
        assertEquals(200, api.get("/get/nodes").status());

        door.down();
        long started = System.nanoTime();
        assertUnavailable(api.get("/get/nodes"));
        assertUnavailable(api.post("/list", "{\"node_name\":\"node-2\"}"));
        assertUnavailable(api.get("/update/monitor"));
        assertEquals(503, api.get("/readyz").status());
        assertEquals(200, api.get("/healthz").status(), "the process itself is fine: no restart wanted");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(READ_TIMEOUT) < 0,
                "refused connections need no timeout to be reported");

        door.up();
        ApiTestSupport.Answer back = api.get("/get/nodes");
        assertEquals(200, back.status(), back.body());
        assertEquals("[\"node-1\",\"node-2\",\"node-3\"]", back.body());
        assertEquals(200, api.get("/readyz").status());
    }

    @Test
    void aHangingApiServerIsA503AfterTheReadTimeoutNotAHang() {
        ApiTestSupport api = new ApiTestSupport(server.getURL(), json);
        door.stall();
        long started = System.nanoTime();
        ApiTestSupport.Answer answer = api.get("/get/nodes");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertUnavailable(answer);
        assertTrue(answer.text("error").toLowerCase().contains("timeout")
                || answer.text("error").toLowerCase().contains("timed out"), answer.body());
        assertTrue(took.compareTo(READ_TIMEOUT.multipliedBy(5)) < 0, "answered after " + took);

        door.up();
        assertEquals(200, api.get("/get/nodes").status());
    }
}
