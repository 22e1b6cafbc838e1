package dev.deckhand.api;

import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 000's routes end to end: the functions, the production Kubernetes client, the sandbox cluster and its agents. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodesAndImagesApiTest implements TestPropertyProvider {

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    AppsV1Api apps;

    private ApiTestSupport api;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(4).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @BeforeEach
    void client() {
        api = new ApiTestSupport(server.getURL(), json);
        cluster.agents().setDown("node-3", false);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.values().forEach(n -> names.add(n.getStringValue()));
        return names;
    }

    private boolean listed(String node, String name, String version) {
        ApiTestSupport.Answer list = api.post("/list", "{\"node_name\":\"" + node + "\"}");
        assertEquals(200, list.status(), list.body());
        for (JsonNode entry : list.json().values()) {
            if (entry.get("imageName").getStringValue().equals(name) && entry.get("imageVersion").getStringValue().equals(version)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void getNodesAnswersEveryNodeName() {
        ApiTestSupport.Answer answer = api.get("/get/nodes");
        assertEquals(200, answer.status());
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4"), names(answer.json()));
    }

    @Test
    void updateMonitorProvisionsMissingAgentsOnceAndThenAnswersEmpty() throws Exception {
        ApiTestSupport.Answer first = api.get("/update/monitor");
        ApiTestSupport.Answer second = api.get("/update/monitor");
        assertEquals(200, first.status(), first.body());
        assertEquals(200, second.status());
        assertEquals(List.of(), names(second.json()));
        var deployments = apps.listNamespacedDeployment("deckhand").labelSelector("app.kubernetes.io/managed-by=deckhand").execute();
        assertEquals(4, deployments.getItems().size());
        assertTrue(deployments.getItems().stream().anyMatch(d -> d.getMetadata().getName().equals("deckhand-agent-node-1")));
    }

    @Test
    void listAnswersSeedShapeWithOneEntryPerTag() {
        ApiTestSupport.Answer answer = api.post("/list", "{\"node_name\":\"node-2\"}");
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.json().values().iterator().hasNext(), "seeded images are listed");
        for (JsonNode entry : answer.json().values()) {
            assertEquals(3, entry.size(), entry.toString());
            assertFalse(entry.get("imageName").getStringValue().isBlank());
            assertFalse(entry.get("imageVersion").getStringValue().isBlank());
            assertTrue(entry.get("imageSize").getLongValue() > 0);
        }
    }

    @Test
    void pullThenListShowsTheImageAndDeleteThenListDoesNot() {
        String image = "192.168.1.104:5000/cloud-collaboration-platform/depd-analysis-service:0.1.4";
        ApiTestSupport.Answer pull = api.post("/pull", "{\"node_name\":\"node-2\",\"image\":\"" + image + "\"}");
        assertEquals(200, pull.status(), pull.body());
        assertEquals(image, pull.json().get("image").getStringValue());
        assertEquals("pull successfully", pull.json().get("success").getStringValue());
        assertTrue(listed("node-2", "192.168.1.104:5000/cloud-collaboration-platform/depd-analysis-service", "0.1.4"));
        assertFalse(listed("node-4", "192.168.1.104:5000/cloud-collaboration-platform/depd-analysis-service", "0.1.4"),
                "a pull touches one node only");

        ApiTestSupport.Answer delete = api.post("/delete", "{\"node_name\":\"node-2\",\"image\":\"" + image + "\"}");
        assertEquals(200, delete.status(), delete.body());
        assertEquals("delete successfully", delete.json().get("success").getStringValue());
        assertFalse(listed("node-2", "192.168.1.104:5000/cloud-collaboration-platform/depd-analysis-service", "0.1.4"));
    }

    @Test
    void deleteRefusesAnImageARunningContainerUsesUnlessForced() throws Exception {
        cluster.client().pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("api-0").withNamespace("default").endMetadata()
                .withNewSpec().withNodeName("node-4").addNewContainer().withName("api").withImage("team/api:2").endContainer()
                .endSpec().build()).create();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!"Running".equals(phase("default", "api-0"))) {
            assertTrue(System.nanoTime() < deadline, "the simulator did not start the pod");
            Thread.sleep(100);
        }
        String body = "{\"node_name\":\"node-4\",\"image\":\"team/api:2\"}";

        ApiTestSupport.Answer refused = api.post("/delete", body);

        assertEquals(409, refused.status(), refused.body());
        assertEquals("FAILED_PRECONDITION", refused.json().get("reason").getStringValue());
        assertEquals("team/api:2", refused.json().get("image").getStringValue());
        assertTrue(refused.json().get("error").getStringValue().contains("default/api-0/api"), refused.body());
        assertTrue(listed("node-4", "docker.io/team/api", "2"), "not deleted");

        cluster.agents().resetRequestCount();
        ApiTestSupport.Answer badFlag = api.post("/delete?force=maybe", body);
        assertEquals(400, badFlag.status(), badFlag.body());
        assertEquals(0, cluster.agents().requestCount(), "no agent request for bad input");

        ApiTestSupport.Answer forced = api.post("/delete?force=true", body);

        assertEquals(200, forced.status(), forced.body());
        assertEquals("delete successfully", forced.json().get("success").getStringValue());
        assertFalse(listed("node-4", "docker.io/team/api", "2"));
    }

    private String phase(String namespace, String pod) {
        var status = cluster.client().pods().inNamespace(namespace).withName(pod).get().getStatus();
        return status == null ? null : status.getPhase();
    }

    @Test
    void registryFailureIsABadGatewayCarryingTheRuntimesWords() {
        ApiTestSupport.Answer answer = api.post("/pull", "{\"node_name\":\"node-1\",\"image\":\"fail.invalid/app:1\"}");
        assertEquals(502, answer.status(), answer.body());
        assertEquals("fail.invalid/app:1", answer.json().get("image").getStringValue());
        assertTrue(answer.json().get("error").getStringValue().contains("no such host"), answer.body());
        assertEquals("UNKNOWN", answer.json().get("reason").getStringValue());
    }

    @Test
    void tagMissingFromTheRegistryIsNotFound() {
        ApiTestSupport.Answer answer = api.post("/pull", "{\"node_name\":\"node-1\",\"image\":\"team/app:missing\"}");
        assertEquals(404, answer.status(), answer.body());
        assertEquals("NOT_FOUND", answer.json().get("reason").getStringValue());
    }

    @Test
    void unknownNodeIsNotFoundAndNamesTheNode() {
        ApiTestSupport.Answer pull = api.post("/pull", "{\"node_name\":\"node-99\",\"image\":\"busybox:1.36\"}");
        assertEquals(404, pull.status());
        assertEquals("busybox:1.36", pull.json().get("image").getStringValue());
        assertTrue(pull.json().get("error").getStringValue().contains("node-99"), pull.body());
        ApiTestSupport.Answer list = api.post("/list", "{\"node_name\":\"node-99\"}");
        assertEquals(404, list.status());
        assertTrue(list.json().get("error").getStringValue().contains("node-99"));
    }

    @Test
    void unreachableAgentIsServiceUnavailable() {
        cluster.agents().setDown("node-3", true);
        ApiTestSupport.Answer answer = api.post("/list", "{\"node_name\":\"node-3\"}");
        assertEquals(503, answer.status(), answer.body());
        assertNotNull(answer.json().get("error"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/list|{\"node_name\": |invalid json",
            "/list|not json at all|invalid json",
            "/list|{}|node_name is required",
            "/list|{\"node_name\":\"Node_2\"}|node_name must be a DNS-1123 subdomain",
            "/list|{\"node_name\":{\"a\":1}}|node_name",
            "/pull|{\"node_name\":\"node-2\"}|image is required",
            "/pull|{\"node_name\":\"node-2\",\"image\":\"Not A Reference\"}|image reference 'Not A Reference'",
            "/pull|{\"node_name\":\"node-2\",\"image\":\"app;reboot\"}|image reference 'app;reboot'",
            "/delete|{\"node_name\":\"-bad-\",\"image\":\"busybox\"}|node_name must be a DNS-1123 subdomain",
            "/delete|{\"node_name\":\"node-2\",\"image\":[\"busybox\"]}|image",
    })
    void badInputIsA400NamingTheFieldAndCallsNothingDownstream(String path, String body, String expected) {
        cluster.resetRequestStats();
        cluster.agents().resetRequestCount();
        ApiTestSupport.Answer answer = api.post(path, body);
        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        assertTrue(answer.json().get("error").getStringValue().toLowerCase().contains(expected.toLowerCase()), answer.body());
        assertEquals(0, cluster.requestStats().total(), "no Kubernetes request for bad input");
        assertEquals(0, cluster.agents().requestCount(), "no agent request for bad input");
    }

    @Test
    void unknownRouteIsAJsonNotFound() {
        ApiTestSupport.Answer answer = api.get("/no/such/route");
        assertEquals(404, answer.status());
        assertNotNull(answer.json().get("error"));
    }

    @Test
    void healthAndReadiness() {
        assertEquals(200, api.get("/healthz").status());
        ApiTestSupport.Answer ready = api.get("/readyz");
        assertEquals(200, ready.status(), ready.body());
    }

    @Test
    void openApiIsGeneratedFromTheCodeAndBrowsable() {
        ApiTestSupport.Answer spec = api.get("/swagger/deckhand-0.1.0.yml");
        assertEquals(200, spec.status());
        for (String route : List.of("/get/nodes", "/update/monitor", "/list", "/pull", "/delete", "/healthz", "/readyz")) {
            assertTrue(spec.body().contains(route + ":"), route);
        }
        ApiTestSupport.Answer ui = api.get("/swagger-ui/index.html");
        assertEquals(200, ui.status());
        assertTrue(ui.body().contains("swagger-ui"));
    }
}
