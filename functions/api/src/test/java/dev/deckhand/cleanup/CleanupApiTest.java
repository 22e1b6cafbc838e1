package dev.deckhand.cleanup;

import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.images.NodeAgentClient;
import dev.deckhand.prewarm.CountingAgentClient;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
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

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The cleanup routes end to end: the functions, the production Kubernetes client, the sandbox's API server and
 * simulated node agents, and the reconciler's cleanup pass driven from the test as the reconciler process drives it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CleanupApiTest implements TestPropertyProvider {

    static final ResourceDefinitionContext CLEANUPS = new ResourceDefinitionContext.Builder()
            .withGroup("deckhand.dev").withVersion("v1").withPlural("cleanuptasks").withKind("CleanupTask")
            .withNamespaced(true).build();
    private static final String OLD = "registry.example/team/app:1";
    private static final String CURRENT = "registry.example/team/app:2";
    private static final String TOOL = "registry.example/team/tool:7";
    private static final String NGINX = "nginx:1.27";

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    CleanupReconciler reconciler;
    @Inject
    NodeAgentClient agentClient;

    private ApiTestSupport api;
    private CountingAgentClient agents;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(5).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.agent.namespace", "deckhand",
                "deckhand.cleanup.status-flush-interval", "200ms",
                "deckhand.test.counting-agents", "true",
                "endpoints.all.enabled", "false",
                "endpoints.prometheus.enabled", "true",
                "endpoints.prometheus.sensitive", "false");
    }

    @BeforeEach
    void reset() {
        api = new ApiTestSupport(server.getURL(), json);
        agents = (CountingAgentClient) agentClient;
        cluster.nodeNames().forEach(n -> cluster.agents().setDown(n, false));
        cluster.agents().setPullDelay(Duration.ZERO);
        for (String node : cluster.nodeNames()) {
            for (String image : List.of(OLD, CURRENT, TOOL, NGINX)) {
                agentClient.pull(node, image);
            }
        }
        agents.reset();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private String create(String body) {
        ApiTestSupport.Answer created = api.post("/api/v1/cleanups", body);
        assertEquals(201, created.status(), created.body());
        return created.text("taskId");
    }

    private ApiTestSupport.Answer runUntil(String id, Predicate<ApiTestSupport.Answer> done) {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            CleanupReconcileResult pass = reconciler.reconcile(Instant.now().plusSeconds(10));
            assertTrue(pass.converged(), pass.describe());
            ApiTestSupport.Answer detail = api.get("/api/v1/cleanups/" + id);
            assertEquals(200, detail.status(), detail.body());
            if (done.test(detail)) {
                return detail;
            }
        }
        return fail("cleanup " + id + " did not get there in 60 s: " + api.get("/api/v1/cleanups/" + id).body());
    }

    private ApiTestSupport.Answer runUntilFinished(String id) {
        return runUntil(id, d -> Set.of("completed", "failed", "cancelled").contains(d.text("status")));
    }

    private static int number(JsonNode node, String field) {
        return node.get(field).getIntValue();
    }

    private List<String> tags(String node) {
        return cluster.agents().images(node).stream().flatMap(i -> i.repoTags().stream()).toList();
    }

    /** The size the node's runtime reports for the image of a tag. */
    private long size(String node, String fullTag) {
        return cluster.agents().images(node).stream().filter(i -> i.repoTags().contains(fullTag))
                .mapToLong(AgentImage::size).findFirst().orElseThrow();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void fiveNodesInTwoBatchesCompleteWithEachNodesResultAndKeepHolds() {
        Map<String, Long> expected = new HashMap<>();
        for (String node : cluster.nodeNames()) {
            expected.put(node, size(node, OLD) + size(node, "registry.example/team/tool:7"));
        }
        ApiTestSupport.Answer created = api.post("/api/v1/cleanups",
                "{\"images\":[\"registry.example/team/\"],\"keep\":[\"" + CURRENT + "\"],\"batchSize\":3}");
        assertEquals(201, created.status(), created.body());
        assertEquals(List.of("taskId", "status", "images", "keep", "dryRun", "batchSize", "strategy", "createdAt"),
                created.fields());
        String id = created.text("taskId");
        assertTrue(id.matches("cleanup-\\d{8}-\\d{6}-[0-9a-f]{8}"), id);
        assertEquals("pending", created.text("status"));
        assertEquals("batch", created.text("strategy"));
        assertNotNull(cluster.client().genericKubernetesResources(CLEANUPS).inNamespace("deckhand").withName(id).get(),
                "stored as a CleanupTask custom resource named by the id");

        ApiTestSupport.Answer done = runUntilFinished(id);

        assertEquals("completed", done.text("status"), done.body());
        JsonNode progress = done.json().get("progress");
        assertEquals(5, number(progress, "totalNodes"));
        assertEquals(5, number(progress, "completedNodes"));
        assertEquals(0, number(progress, "failedNodes"));
        assertEquals(2, number(progress, "totalBatches"));
        assertEquals(100.0, progress.get("percentage").getDoubleValue());
        JsonNode results = done.json().get("nodeResults");
        assertEquals(5, results.size());
        long total = 0;
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            String node = result.get("node").getStringValue();
            assertEquals(2, number(result, "imagesRemoved"), result.toString());
            assertEquals(expected.get(node), result.get("bytesFreed").getLongValue(), node);
            assertEquals(1, number(result, "kept"), "app:2 is kept");
            total += expected.get(node);
            List<String> left = tags(node);
            assertFalse(left.contains(OLD) || left.contains(TOOL), node + " still has " + left);
            assertTrue(left.contains(CURRENT), "keep holds on " + node);
            assertTrue(left.contains("docker.io/library/nginx:1.27"), "not selected, left alone on " + node);
        }
        assertEquals(10, done.json().get("imagesRemoved").getLongValue());
        assertEquals(total, done.json().get("bytesFreed").getLongValue());
        assertEquals(3, agents.maxInFlight(), "batchSize nodes at a time, never more");
        cluster.nodeNames().forEach(n -> assertEquals(1, agents.cleanups(n), "one agent call per node"));
        assertEquals(409, api.delete("/api/v1/cleanups/" + id).status(), "a completed cleanup cannot be cancelled");

        // The functions' metrics are read from the stored cleanups (the list route counts them).
        assertEquals(200, api.get("/api/v1/cleanups").status());
        String scrape = api.get("/prometheus").body();
        String node = cluster.nodeNames().get(0);
        assertTrue(scrape.matches("(?s).*deckhand_cleanup_images_removed\\{node=\"" + node + "\"} [1-9].*"), scrape);
        assertTrue(scrape.contains("deckhand_cleanup_bytes_freed_bytes{node=\"" + node + "\"}"), scrape);
        assertTrue(scrape.matches("(?s).*deckhand_cleanup_tasks\\{status=\"completed\"} [1-9].*"), scrape);
    }

    @Test
    void aDryRunReportsWhatWouldGoAndRemovesNothing() {
        String id = create("{\"images\":[\"nginx\"],\"dryRun\":true,\"batchSize\":5,\"strategy\":\"window\"}");

        ApiTestSupport.Answer done = runUntilFinished(id);

        assertEquals("completed", done.text("status"), done.body());
        assertTrue(done.json().get("dryRun").getBooleanValue());
        assertEquals("window", done.text("strategy"));
        JsonNode results = done.json().get("nodeResults");
        assertEquals(5, results.size());
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            String node = result.get("node").getStringValue();
            assertEquals(1, number(result, "imagesRemoved"));
            assertEquals(size(node, "docker.io/library/nginx:1.27"), result.get("bytesFreed").getLongValue());
            assertEquals("docker.io/library/nginx:1.27", result.get("removed").get(0).getStringValue());
            assertTrue(tags(node).contains("docker.io/library/nginx:1.27"), "a dry run removes nothing");
        }
    }

    @Test
    void aNodeWhoseAgentIsDownFailsWithItsCodeAndTheOthersComplete() {
        String down = cluster.nodeNames().get(2);
        cluster.agents().setDown(down, true);
        String id = create("{\"images\":[\"" + TOOL + "\"],\"batchSize\":2}");

        ApiTestSupport.Answer done = runUntilFinished(id);

        assertEquals("completed", done.text("status"), done.body());
        assertEquals(1, number(done.json().get("progress"), "failedNodes"));
        JsonNode failed = done.json().get("failedNodeDetails").get(0);
        assertEquals(down, failed.get("nodeName").getStringValue());
        assertEquals("UNAVAILABLE", failed.get("reason").getStringValue());
        assertEquals(4, done.json().get("nodeResults").size());
    }

    @Test
    void cancelAndUnknownIdsBehaveAsPrewarms() {
        String id = create("{\"images\":[\"" + TOOL + "\"],\"batchSize\":1}");
        ApiTestSupport.Answer cancelled = api.delete("/api/v1/cleanups/" + id);
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals(List.of("taskId", "status", "message"), cancelled.fields());
        assertEquals("cancelled", cancelled.text("status"));
        assertEquals("cancelled", api.get("/api/v1/cleanups/" + id).text("status"), "cancelled from now on");
        ApiTestSupport.Answer again = api.delete("/api/v1/cleanups/" + id);
        assertEquals(409, again.status(), again.body());
        assertTrue(again.text("error").contains("already cancelled"), again.body());

        ApiTestSupport.Answer done = runUntilFinished(id);
        assertEquals("cancelled", done.text("status"));
        assertNotNull(done.text("completedAt"));
        cluster.nodeNames().forEach(n -> assertEquals(0, agents.cleanups(n), "no node was cleaned"));
        cluster.nodeNames().forEach(n -> assertTrue(tags(n).contains(TOOL), n));

        for (String unknown : List.of("cleanup-20260101-000000-00000000", "task-20260101-000000-00000000", "nope")) {
            assertEquals(404, api.get("/api/v1/cleanups/" + unknown).status(), unknown);
            assertEquals(404, api.delete("/api/v1/cleanups/" + unknown).status(), unknown);
        }
    }

    @Test
    void aCancelDuringTheRunStartsNoMoreNodesAndKeepsWhatWasDone() throws Exception {
        cluster.agents().setPullDelay(Duration.ofMillis(400)); // each node's cleanup takes this long
        String id = create("{\"images\":[\"" + TOOL + "\"],\"batchSize\":1}");
        CompletableFuture<CleanupReconcileResult> pass =
                CompletableFuture.supplyAsync(() -> reconciler.reconcile(Instant.now().plusSeconds(30)));
        Instant giveUp = Instant.now().plusSeconds(20);
        while (number(api.get("/api/v1/cleanups/" + id).json().get("progress"), "completedNodes") < 1) {
            assertTrue(Instant.now().isBefore(giveUp), "no node was cleaned in 20 s");
            Thread.sleep(50);
        }

        ApiTestSupport.Answer cancelled = api.delete("/api/v1/cleanups/" + id);
        assertEquals(200, cancelled.status(), cancelled.body());
        assertTrue(pass.get(30, TimeUnit.SECONDS).converged());
        ApiTestSupport.Answer done = runUntilFinished(id);

        assertEquals("cancelled", done.text("status"), done.body());
        int completed = number(done.json().get("progress"), "completedNodes");
        assertTrue(completed >= 1 && completed < 5, "cancelled part way: " + done.body());
        assertEquals(completed, done.json().get("nodeResults").size(), "what was done is kept");
        int called = cluster.nodeNames().stream().mapToInt(agents::cleanups).sum();
        assertEquals(completed, called, "no node started after the cancel was seen; the one in flight was recorded");
        long untouched = cluster.nodeNames().stream().filter(n -> tags(n).contains(TOOL)).count();
        assertEquals(5 - completed, untouched, "the nodes never started keep their images");
    }

    /** The label-key rule is prewarm's, word for word: one rule for node selectors, whatever the task. */
    @Test
    void aNodeSelectorKeyKubernetesWouldRefuseIsRefusedWithTheRuleAndNothingIsStored() {
        int before = cluster.client().genericKubernetesResources(CLEANUPS).inNamespace("deckhand").list().getItems().size();
        String body = "{\"images\":[\"nginx\"],\"nodeSelector\":{\"-pool\":\"a\"}}";

        ApiTestSupport.Answer refused = api.post("/api/v1/cleanups", body);
        ApiTestSupport.Answer prewarm = api.post("/api/v1/tasks", body);

        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.text("error").contains("'-pool' is not a valid label key: an optional DNS subdomain prefix and '/'"),
                refused.body());
        assertEquals(400, prewarm.status(), prewarm.body());
        assertEquals(prewarm.text("error"), refused.text("error"));
        assertEquals(before, cluster.client().genericKubernetesResources(CLEANUPS).inNamespace("deckhand").list().getItems().size());
    }

    @Test
    void unusedForIsRefusedSayingWhyAndNothingIsStored() {
        int before = cluster.client().genericKubernetesResources(CLEANUPS).inNamespace("deckhand").list().getItems().size();

        ApiTestSupport.Answer refused = api.post("/api/v1/cleanups", "{\"images\":[\"nginx\"],\"unusedFor\":\"720h\"}");

        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.text("error").startsWith("unusedFor cannot be honoured"), refused.body());
        assertTrue(refused.text("error").contains("no last-used time"), refused.body());
        assertEquals(before, cluster.client().genericKubernetesResources(CLEANUPS).inNamespace("deckhand").list().getItems().size());
    }

    @Test
    void theListPagesNewestFirstAndFiltersByStatus() {
        String first = create("{\"images\":[\"nginx\"],\"dryRun\":true}");
        String second = create("{\"images\":[\"nginx\"],\"dryRun\":true,\"strategy\":\"window\"}");
        ApiTestSupport.Answer page = api.get("/api/v1/cleanups?status=pending&limit=1");
        assertEquals(200, page.status(), page.body());
        assertEquals(1, page.json().get("tasks").size());
        assertEquals(second, page.json().get("tasks").get(0).get("taskId").getStringValue());
        assertEquals("window", page.json().get("tasks").get(0).get("strategy").getStringValue(), page.body());
        assertTrue(number(page.json(), "total") >= 2);
        assertEquals(400, api.get("/api/v1/cleanups?status=bogus").status());
        runUntilFinished(first);
        runUntilFinished(second);
    }
}
