package dev.deckhand.agent;

import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent with no runtime behind its socket path: 503 where the runtime is needed; bad input is refused
 * with 400 before any runtime call (else it would be a 503 here). Needs no test bed, runs everywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoRuntimeTest {

    @TempDir
    static Path dir;
    private Path socket;
    private AgentUnderTest agent;

    @BeforeAll
    void start() {
        socket = dir.resolve("absent.sock");
        agent = AgentUnderTest.start(socket.toString());
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void listIs503NamingTheSocket() {
        AgentUnderTest.Response response = agent.get(AgentPaths.IMAGES);

        AgentError error = error(response, 503, "UNAVAILABLE");
        assertTrue(error.error().contains(socket.toString()), error.error());
        assertTrue(error.error().contains("socket file not found"), error.error());
    }

    @Test
    void readyzIs503AndHealthzStays200() {
        error(agent.get(AgentPaths.READYZ), 503, "UNAVAILABLE");
        AgentUnderTest.Response health = agent.get(AgentPaths.HEALTHZ);
        assertEquals(200, health.status());
        assertEquals("{\"status\":\"ok\"}", health.body());
    }

    @Test
    void everyRuntimeRouteIs503() {
        error(agent.get(AgentPaths.FS), 503, "UNAVAILABLE");
        error(agent.status("busybox:1.36"), 503, "UNAVAILABLE");
        assertEquals("busybox:1.36", error(agent.postJson(AgentPaths.PULL, agent.imageBody("busybox:1.36")), 503, "UNAVAILABLE").image());
        error(agent.postJson(AgentPaths.REMOVE, agent.imageBody("busybox:1.36")), 503, "UNAVAILABLE");
    }

    @Test
    void malformedReferenceIs400WithoutCallingTheRuntime() {
        for (String image : new String[]{"busybox;rm -rf /", "$(reboot)", "UPPER/case", "a:b:c", "", " busybox"}) {
            AgentUnderTest.Response response = agent.postJson(AgentPaths.PULL, agent.imageBody(image));
            AgentError error = error(response, 400, "INVALID_ARGUMENT");
            assertEquals(image, error.image());
            assertTrue(error.error().startsWith("image reference"), error.error());
        }
        error(agent.postJson(AgentPaths.REMOVE, agent.imageBody("busybox:bad tag")), 400, "INVALID_ARGUMENT");
        error(agent.status("busybox@sha256:short"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void malformedJsonIs400() {
        AgentError error = error(agent.postJson(AgentPaths.PULL, "{\"image\": \"busybox\""), 400, "INVALID_ARGUMENT");
        assertTrue(error.error().startsWith("request body is not valid JSON"), error.error());
        assertNull(error.image());
    }

    @Test
    void missingOrMistypedImageFieldIs400() {
        for (String body : new String[]{"{}", "{\"name\":\"busybox\"}", "{\"image\":null}", null, ""}) {
            AgentError error = error(agent.postJson(AgentPaths.PULL, body), 400, "INVALID_ARGUMENT");
            assertTrue(error.error().contains("'image'"), error.error());
        }
        for (String body : new String[]{"{\"image\":{}}", "[\"busybox\"]", "{\"image\":[\"busybox\"]}",
                "{\"image\":5}", "{\"image\":true}", "\"busybox\""}) {
            AgentError error = error(agent.postJson(AgentPaths.PULL, body), 400, "INVALID_ARGUMENT");
            assertTrue(error.error().contains("'image'"), error.error());
        }
        AgentError error = error(agent.get(AgentPaths.IMAGE_STATUS), 400, "INVALID_ARGUMENT");
        assertTrue(error.error().contains("query parameter 'image'"), error.error());
    }

    @Test
    void otherBadRequestsAnswerAnAgentError() {
        error(agent.get("/no/such/route"), 404, "NOT_FOUND");
        error(agent.post(AgentPaths.IMAGES, "application/json", "{}"), 405, "INVALID_ARGUMENT");
        error(agent.post(AgentPaths.PULL, "text/plain", "busybox"), 415, "INVALID_ARGUMENT");
        error(agent.postJson(AgentPaths.PULL, "{\"image\":\"" + "a".repeat(100_000) + "\"}"), 413, "INVALID_ARGUMENT");
    }

    private AgentError error(AgentUnderTest.Response response, int status, String code) {
        assertEquals(status, response.status(), response::body);
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertFalse(response.body().contains("\tat ") || response.body().contains("Exception"),
                "no stack trace or exception names: " + response.body());
        AgentError error = agent.read(response, AgentError.class);
        assertEquals(code, error.code(), response::body);
        assertFalse(error.error() == null || error.error().isBlank());
        return error;
    }
}
