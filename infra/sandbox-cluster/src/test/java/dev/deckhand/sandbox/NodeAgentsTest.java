package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.AgentImageList;
import dev.deckhand.agent.api.FsInfo;
import dev.deckhand.agent.api.PullResult;
import dev.deckhand.agent.api.RemoveResult;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated node agents over HTTP, with the simulator off (agents do not need it). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeAgentsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SandboxCluster cluster;

    @BeforeAll
    void start() {
        cluster = SandboxCluster.builder().nodes(3).simulator(false).start();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void urlTemplateHasTheNodePlaceholder() {
        String template = cluster.agentUrlTemplate();
        assertTrue(template.matches("http://127\\.0\\.0\\.1:\\d+/nodes/\\{node}"), template);
        assertEquals(template.replace("{node}", "node-2"), cluster.agents().url("node-2"));
        assertFalse(cluster.simulator().isRunning());
    }

    @Test
    void listsTheSeededImagesOfTheNodeStatus() throws Exception {
        HttpResponse<String> response = get("node-2", "/images");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        List<AgentImage> images = json.readValue(response.body(), AgentImageList.class).images();
        assertTrue(images.size() >= 5);
        AgentImage busybox = images.stream().filter(i -> i.repoTags().contains("docker.io/library/busybox:1.36"))
                .findFirst().orElseThrow();
        assertTrue(busybox.id().matches("sha256:[0-9a-f]{64}"), busybox.id());
        assertTrue(busybox.repoDigests().get(0).matches("docker\\.io/library/busybox@sha256:[0-9a-f]{64}"));
        assertTrue(busybox.size() > 1_000_000);
        // the same images as the node status lists
        List<ContainerImage> status = cluster.client().nodes().withName("node-2").get().getStatus().getImages();
        assertEquals(images.size(), status.size());
        assertTrue(status.stream().anyMatch(i -> i.getNames().contains("docker.io/library/busybox:1.36")
                && i.getSizeBytes() == busybox.size()));
    }

    @Test
    void pullAddsTheNormalizedImageToTheListAndToNodeStatusAndRemoveDeletesAllTags() throws Exception {
        HttpResponse<String> pulled = post("node-1", "/images/pull", "{\"image\":\"alpine\"}");
        assertEquals(200, pulled.statusCode(), pulled.body());
        PullResult result = json.readValue(pulled.body(), PullResult.class);
        assertEquals("alpine", result.image());
        assertTrue(result.imageRef().matches("sha256:[0-9a-f]{64}"), result.imageRef());

        List<AgentImage> images = json.readValue(get("node-1", "/images").body(), AgentImageList.class).images();
        AgentImage alpine = images.stream().filter(i -> i.repoTags().contains("docker.io/library/alpine:latest"))
                .findFirst().orElseThrow(() -> new AssertionError("alpine not listed: " + images));
        assertEquals(result.imageRef(), alpine.id());
        assertTrue(alpine.size() >= 5L * 1024 * 1024 && alpine.size() <= 200L * 1024 * 1024, "size " + alpine.size());
        assertTrue(statusNames("node-1").contains("docker.io/library/alpine:latest"));
        assertFalse(statusNames("node-2").contains("docker.io/library/alpine:latest"), "only on the node that pulled");

        // pulling again is idempotent; the same content has the same id and size everywhere
        HttpResponse<String> again = post("node-2", "/images/pull", "{\"image\":\"docker.io/library/alpine:latest\"}");
        assertEquals(result.imageRef(), json.readValue(again.body(), PullResult.class).imageRef());

        HttpResponse<String> status = get("node-1", "/images/status?image=alpine:latest");
        assertEquals(200, status.statusCode());
        assertEquals(alpine, json.readValue(status.body(), AgentImage.class));

        HttpResponse<String> removed = post("node-1", "/images/remove", "{\"image\":\"alpine\"}");
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals("alpine", json.readValue(removed.body(), RemoveResult.class).image());
        assertTrue(json.readValue(get("node-1", "/images").body(), AgentImageList.class).images().stream()
                .noneMatch(i -> i.id().equals(alpine.id())));
        assertFalse(statusNames("node-1").contains("docker.io/library/alpine:latest"));
        assertEquals(404, get("node-1", "/images/status?image=alpine").statusCode());

        // removing an absent image succeeds
        assertEquals(200, post("node-1", "/images/remove", "{\"image\":\"alpine\"}").statusCode());
    }

    @Test
    void removeRefusesAnImageARunningContainerOfTheNodeUsesUnlessForced() throws Exception {
        assertEquals(200, post("node-3", "/images/pull", "{\"image\":\"team/web:1\"}").statusCode());
        // A pod of node-3 whose container runs that image (named as its pod spec names it) and one that has ended.
        cluster.client().pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("web-7d4f9").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("node-3").addNewContainer().withName("web").withImage("team/web:1").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("web").withImage("team/web:1")
                .withNewState().withNewRunning().withStartedAt("2026-01-01T00:00:00Z").endRunning().endState()
                .endContainerStatus().endStatus().build()).create();

        HttpResponse<String> refused = post("node-3", "/images/remove", "{\"image\":\"docker.io/team/web:1\"}");

        assertEquals(409, refused.statusCode(), refused.body());
        AgentError error = json.readValue(refused.body(), AgentError.class);
        assertEquals("FAILED_PRECONDITION", error.code());
        assertEquals("docker.io/team/web:1", error.image());
        assertTrue(error.error().contains("default/web-7d4f9/web"), error.error());
        assertEquals(200, get("node-3", "/images/status?image=team/web:1").statusCode(), "still there");
        // The same image on another node is not in use there.
        assertEquals(200, post("node-1", "/images/pull", "{\"image\":\"team/web:1\"}").statusCode());
        assertEquals(200, post("node-1", "/images/remove", "{\"image\":\"team/web:1\"}").statusCode());
        assertEquals(400, post("node-3", "/images/remove?force=yes", "{\"image\":\"team/web:1\"}").statusCode());

        HttpResponse<String> forced = post("node-3", "/images/remove?force=true", "{\"image\":\"team/web:1\"}");

        assertEquals(200, forced.statusCode(), forced.body());
        assertEquals(404, get("node-3", "/images/status?image=team/web:1").statusCode());
    }

    @Test
    void registriesAndPathsAreNormalizedLikeContainerd() throws Exception {
        assertEquals(200, post("node-3", "/images/pull", "{\"image\":\"myrepo/tool:1\"}").statusCode());
        assertEquals(200, post("node-3", "/images/pull", "{\"image\":\"registry.example.com:5000/team/app:2.0\"}").statusCode());
        List<String> tags = json.readValue(get("node-3", "/images").body(), AgentImageList.class).images().stream()
                .flatMap(i -> i.repoTags().stream()).toList();
        assertTrue(tags.contains("docker.io/myrepo/tool:1"), tags.toString());
        assertTrue(tags.contains("registry.example.com:5000/team/app:2.0"), tags.toString());
    }

    @Test
    void pullFromTheFailingRegistryAnswers502WithContainerdsDnsError() throws Exception {
        HttpResponse<String> response = post("node-2", "/images/pull", "{\"image\":\"fail.invalid/app:1\"}");
        assertEquals(502, response.statusCode());
        AgentError error = json.readValue(response.body(), AgentError.class);
        assertEquals("UNKNOWN", error.code());
        assertEquals("fail.invalid/app:1", error.image());
        assertTrue(error.error().startsWith("failed to pull and unpack image \"fail.invalid/app:1\""), error.error());
        assertTrue(error.error().contains("dial tcp: lookup fail.invalid: no such host"), error.error());
        assertFalse(statusNames("node-2").stream().anyMatch(n -> n.contains("fail.invalid")));
    }

    @Test
    void missingTagAnswers404AndMalformedReferenceAnswers400() throws Exception {
        HttpResponse<String> missing = post("node-2", "/images/pull", "{\"image\":\"x/y:missing\"}");
        assertEquals(404, missing.statusCode());
        AgentError notFound = json.readValue(missing.body(), AgentError.class);
        assertEquals("NOT_FOUND", notFound.code());
        assertTrue(notFound.error().endsWith("docker.io/x/y:missing: not found"), notFound.error());

        for (String body : List.of("{\"image\":\"Not/Valid::ref\"}", "{\"image\":\"\"}", "{}", "not json", "")) {
            HttpResponse<String> bad = post("node-2", "/images/pull", body);
            assertEquals(400, bad.statusCode(), body);
            assertEquals("INVALID_ARGUMENT", json.readValue(bad.body(), AgentError.class).code(), body);
        }
        HttpResponse<String> badStatus = get("node-2", "/images/status");
        assertEquals(400, badStatus.statusCode());
    }

    @Test
    void fsHealthAndReadiness() throws Exception {
        HttpResponse<String> fs = get("node-1", "/fs");
        assertEquals(200, fs.statusCode());
        FsInfo info = json.readValue(fs.body(), FsInfo.class);
        assertEquals(1, info.imageFilesystems().size());
        assertTrue(info.imageFilesystems().get(0).usedBytes() > 0);
        assertTrue(info.imageFilesystems().get(0).mountpoint().startsWith("/var/lib/containerd"));
        assertEquals(200, get("node-1", "/healthz").statusCode());
        assertEquals(200, get("node-1", "/readyz").statusCode());
    }

    @Test
    void unknownNodeAnswers404() throws Exception {
        HttpResponse<String> response = get("node-99", "/images");
        assertEquals(404, response.statusCode());
        assertEquals("NOT_FOUND", json.readValue(response.body(), AgentError.class).code());
    }

    @Test
    void anAgentMarkedDownAnswers503AndARuntimeDownOnlyFailsReadiness() throws Exception {
        cluster.agents().setDown("node-3", true);
        try {
            HttpResponse<String> response = get("node-3", "/images");
            assertEquals(503, response.statusCode());
            assertEquals("UNAVAILABLE", json.readValue(response.body(), AgentError.class).code());
            assertEquals(503, get("node-3", "/healthz").statusCode());
            assertEquals(200, get("node-2", "/images").statusCode(), "other nodes unaffected");
        } finally {
            cluster.agents().setDown("node-3", false);
        }
        assertEquals(200, get("node-3", "/images").statusCode());

        cluster.agents().setRuntimeDown("node-3", true);
        try {
            assertEquals(200, get("node-3", "/healthz").statusCode());
            assertEquals(503, get("node-3", "/readyz").statusCode());
            HttpResponse<String> pull = post("node-3", "/images/pull", "{\"image\":\"busybox\"}");
            assertEquals(503, pull.statusCode());
            assertTrue(json.readValue(pull.body(), AgentError.class).error().contains("containerd.sock"));
        } finally {
            cluster.agents().setRuntimeDown("node-3", false);
        }
    }

    @Test
    void stoppedAgentsRefuseConnectionsUntilStartedAgain() throws Exception {
        cluster.agents().stop();
        try {
            assertFalse(cluster.agents().isRunning());
            assertThrows(ConnectException.class, () -> get("node-1", "/healthz"));
        } finally {
            cluster.agents().start();
        }
        assertEquals(200, get("node-1", "/healthz").statusCode());
    }

    @Test
    void pullDelaySlowsPulls() throws Exception {
        cluster.agents().setPullDelay(Duration.ofMillis(300));
        try {
            long t0 = System.nanoTime();
            assertEquals(200, post("node-1", "/images/pull", "{\"image\":\"busybox:1.37\"}").statusCode());
            assertTrue(System.nanoTime() - t0 >= 300_000_000L);
        } finally {
            cluster.agents().setPullDelay(Duration.ZERO);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private List<String> statusNames(String node) {
        return cluster.client().nodes().withName(node).get().getStatus().getImages().stream()
                .flatMap(i -> i.getNames().stream()).toList();
    }

    private HttpResponse<String> get(String node, String route) throws IOException, InterruptedException {
        URI uri = URI.create(cluster.agentUrlTemplate().replace("{node}", node) + route);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String node, String route, String body) throws IOException, InterruptedException {
        URI uri = URI.create(cluster.agentUrlTemplate().replace("{node}", node) + route);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertNotNull(response.body());
        return response;
    }
}
