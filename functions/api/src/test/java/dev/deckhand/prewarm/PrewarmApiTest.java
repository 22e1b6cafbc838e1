package dev.deckhand.prewarm;

import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.images.NodeAgentClient;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seed 002's routes end to end in agent mode (the default): the functions, the production Kubernetes client, the
 * sandbox's API server and node agents, and the reconciler's prewarm pass driven from the test as the reconciler
 * process would drive it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrewarmApiTest implements TestPropertyProvider {

    static final ResourceDefinitionContext TASKS = new ResourceDefinitionContext.Builder()
            .withGroup("deckhand.dev").withVersion("v1").withPlural("prewarmtasks").withKind("PrewarmTask").withNamespaced(true)
            .build();

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PrewarmReconciler reconciler;
    @Inject
    NodeAgentClient agentClient;

    private ApiTestSupport api;
    private CountingAgentClient agents;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(20).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.agent.namespace", "deckhand",
                "deckhand.prewarm.status-flush-interval", "200ms",
                "deckhand.prewarm.cancel-check-interval", "300ms",
                "deckhand.test.counting-agents", "true",
                // What application.yml needs for GET /prometheus (and no other management endpoint).
                "endpoints.all.enabled", "false",
                "endpoints.prometheus.enabled", "true",
                "endpoints.prometheus.sensitive", "false");
    }

    @BeforeEach
    void reset() {
        api = new ApiTestSupport(server.getURL(), json);
        agents = (CountingAgentClient) agentClient;
        agents.reset();
        cluster.agents().setPullDelay(Duration.ZERO);
        cluster.nodeNames().forEach(n -> cluster.agents().setDown(n, false));
        cluster.nodeNames().forEach(n -> cluster.agents().setDiesMidPull(n, false));
        cluster.nodeNames().forEach(n -> cluster.agents().setPullDelay(n, null));
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    // ---------------------------------------------------------------------------------------------------------

    private String create(String body) {
        ApiTestSupport.Answer created = api.post("/api/v1/tasks", body);
        assertEquals(201, created.status(), created.body());
        return created.text("taskId");
    }

    /** Runs reconcile passes until the task's status is one of {@code statuses}, for at most 60 s. */
    private ApiTestSupport.Answer runUntil(String id, Predicate<ApiTestSupport.Answer> done) {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            PrewarmReconcileResult pass = reconciler.reconcile(Instant.now().plusSeconds(10));
            assertTrue(pass.converged(), pass.describe());
            ApiTestSupport.Answer detail = api.get("/api/v1/tasks/" + id);
            assertEquals(200, detail.status(), detail.body());
            if (done.test(detail)) {
                return detail;
            }
        }
        return fail("task " + id + " did not get there in 60 s: " + api.get("/api/v1/tasks/" + id).body());
    }

    private ApiTestSupport.Answer runUntilStatus(String id, String... statuses) {
        return runUntil(id, d -> Set.of(statuses).contains(d.text("status")));
    }

    private static int number(JsonNode node, String field) {
        return node.get(field).getIntValue();
    }

    private int storedTasks() {
        return cluster.client().genericKubernetesResources(TASKS).inNamespace("deckhand").list().getItems().size();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void createAnswersTheSeedsShapeAndStoresAPendingTask() {
        ApiTestSupport.Answer created = api.post("/api/v1/tasks",
                "{\"images\":[\"nginx:latest\",\"redis:7\"],\"batchSize\":10,\"nodeSelector\":{\"kubernetes.io/hostname\":\"node-99\"}}");
        assertEquals(201, created.status(), created.body());
        assertTrue(created.contentType().startsWith("application/json"));
        assertEquals(List.of("taskId", "status", "images", "batchSize", "createdAt"), created.fields());
        String id = created.text("taskId");
        assertTrue(id.matches("task-\\d{8}-\\d{6}-[0-9a-f]{8}"), id);
        assertEquals("pending", created.text("status"));
        assertEquals(10, number(created.json(), "batchSize"));
        assertEquals(List.of("nginx:latest", "redis:7"), strings(created.json().get("images")));
        String createdAt = created.text("createdAt");
        assertTrue(createdAt.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), createdAt);
        assertEquals(id.substring(5, 13) + id.substring(14, 20),
                createdAt.substring(0, 19).replaceAll("[-T:]", ""), "the id carries the creation time");

        var resource = cluster.client().genericKubernetesResources(TASKS).inNamespace("deckhand").withName(id).get();
        assertNotNull(resource, "stored as a PrewarmTask custom resource named by the id");

        ApiTestSupport.Answer detail = api.get("/api/v1/tasks/" + id);
        assertEquals(200, detail.status());
        assertEquals("pending", detail.text("status"));
        assertEquals(createdAt, detail.text("createdAt"));
        JsonNode progress = detail.json().get("progress");
        assertEquals(List.of(0, 0, 0, 0, 0), List.of(number(progress, "totalNodes"), number(progress, "completedNodes"),
                number(progress, "failedNodes"), number(progress, "currentBatch"), number(progress, "totalBatches")));
        assertEquals(0.0, progress.get("percentage").getDoubleValue());
        assertEquals(0, detail.json().get("failedNodeDetails").size());
        assertNull(detail.json().get("startedAt"));
        assertNull(detail.json().get("completedAt"));
        assertEquals("agent", detail.text("mode"));
        assertEquals("batch", detail.text("strategy"), "the seed's batches unless window is asked for");

        // No Ready node has that hostname: the task fails at once and says why.
        ApiTestSupport.Answer failed = runUntilStatus(id, "failed", "completed");
        assertEquals("failed", failed.text("status"));
        assertTrue(failed.text("message").contains("no Ready node matches nodeSelector"), failed.body());
        assertNotNull(failed.text("completedAt"));
    }

    @Test
    void twentyNodesInBatchesOfThreeCompleteInSevenBatchesWithNeverMoreThanThreeInFlight() {
        cluster.agents().setPullDelay(Duration.ofMillis(100));
        List<String> images = List.of("registry.example:5000/team/app:1.0", "registry.example:5000/team/sidecar:2.1");
        String id = create("{\"images\":[\"" + images.get(0) + "\",\"" + images.get(1) + "\"],\"batchSize\":3}");
        ApiTestSupport.Answer done = runUntilStatus(id, "completed", "failed");

        assertEquals("completed", done.text("status"), done.body());
        JsonNode progress = done.json().get("progress");
        assertEquals(20, number(progress, "totalNodes"), "node-1, the tainted control plane, is prewarmed too");
        assertEquals(20, number(progress, "completedNodes"));
        assertEquals(0, number(progress, "failedNodes"));
        assertEquals(7, number(progress, "currentBatch"));
        assertEquals(7, number(progress, "totalBatches"));
        assertEquals(100.0, progress.get("percentage").getDoubleValue());
        assertEquals(0, done.json().get("failedNodeDetails").size());
        assertNotNull(done.text("startedAt"));
        assertNotNull(done.text("completedAt"));

        for (String node : cluster.nodeNames()) {
            assertEquals(2, agents.pulls(node), "one pull per image on " + node);
            List<String> tags = cluster.agents().images(node).stream().flatMap(i -> i.repoTags().stream()).toList();
            assertTrue(tags.containsAll(images), node + " has " + tags);
        }
        assertEquals(3, agents.maxInFlight(), "batchSize nodes at a time, never more");
        // Batch k (nodes 3k+1..3k+3 in natural order) ends before batch k+1 starts.
        List<CountingAgentClient.Call> calls = agents.calls();
        for (int batch = 0; batch < 6; batch++) {
            int b = batch;
            long lastEnd = calls.stream().filter(c -> batchOf(c.node()) == b).mapToLong(CountingAgentClient.Call::ended).max().orElseThrow();
            long nextStart = calls.stream().filter(c -> batchOf(c.node()) == b + 1).mapToLong(CountingAgentClient.Call::started).min().orElseThrow();
            assertTrue(lastEnd <= nextStart, "batch " + (b + 2) + " started before batch " + (b + 1) + " ended");
        }

        cluster.resetRequestStats();
        PrewarmReconcileResult idle = reconciler.reconcile(Instant.now().plusSeconds(5));
        assertEquals(0, idle.active(), idle.describe());
        assertEquals(0, cluster.requestStats().writes(), "a finished task is not written again: " + cluster.requestStats());
        assertEquals(2, agents.pulls("node-7"), "nor pulled again");
    }

    private static int batchOf(String node) {
        return (Integer.parseInt(node.substring("node-".length())) - 1) / 3;
    }

    @Test
    void aNodeWhoseAgentIsDownIsListedWithTheRuntimesCodeAndTheOthersComplete() {
        cluster.agents().setDown("node-5", true);
        String id = create("{\"images\":[\"busybox:1.36\"],\"batchSize\":4,\"nodeSelector\":{\"topology.kubernetes.io/zone\":\"zone-b\"}}");
        ApiTestSupport.Answer done = runUntilStatus(id, "completed", "failed");
        assertEquals("completed", done.text("status"), "some nodes failed, not all: " + done.body());
        JsonNode progress = done.json().get("progress");
        assertEquals(7, number(progress, "totalNodes"), "zone-b holds nodes 2, 5, 8, 11, 14, 17, 20");
        assertEquals(6, number(progress, "completedNodes"));
        assertEquals(1, number(progress, "failedNodes"));
        assertEquals(2, number(progress, "totalBatches"));
        JsonNode failed = done.json().get("failedNodeDetails").get(0);
        assertEquals(List.of("nodeName", "reason", "message", "timestamp"), fieldsOf(failed));
        assertEquals("node-5", failed.get("nodeName").getStringValue());
        assertEquals("UNAVAILABLE", failed.get("reason").getStringValue());
        assertTrue(failed.get("message").getStringValue().startsWith("busybox:1.36: "), failed.toString());
        assertTrue(failed.get("timestamp").getStringValue().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"));
    }

    @Test
    void anAgentThatDiesMidPullFailsItsNodeWithAReasonAndTheTaskStillFinishes() {
        cluster.agents().setPullDelay(Duration.ofMillis(100));
        cluster.agents().setDiesMidPull("node-8", true);
        String image = "registry.example:5000/team/crash-test:1";
        String id = create("{\"images\":[\"" + image + "\"],\"batchSize\":3,\"nodeSelector\":{\"topology.kubernetes.io/zone\":\"zone-b\"}}");
        ApiTestSupport.Answer done = runUntilStatus(id, "completed", "failed");
        assertEquals("completed", done.text("status"), "one node failed, not all: " + done.body());
        JsonNode progress = done.json().get("progress");
        assertEquals(6, number(progress, "completedNodes"));
        assertEquals(1, number(progress, "failedNodes"));
        JsonNode failed = done.json().get("failedNodeDetails").get(0);
        assertEquals("node-8", failed.get("nodeName").getStringValue());
        assertEquals("UNAVAILABLE", failed.get("reason").getStringValue(), failed.toString());
        assertTrue(failed.get("message").getStringValue().contains("node-8"), failed.toString());
        assertFalse(cluster.agents().images("node-8").stream().anyMatch(i -> i.repoTags().contains(image)),
                "the dead agent pulled nothing");
        assertTrue(cluster.agents().images("node-2").stream().anyMatch(i -> i.repoTags().contains(image)),
                "the live agents pulled it");
    }

    @Test
    void aFailingRegistryFailsEveryNodeWithTheRuntimesWordsAndTheTaskFails() {
        String id = create("{\"images\":[\"fail.invalid/app:1\",\"team/app:missing\"],\"batchSize\":2,"
                + "\"nodeSelector\":{\"topology.kubernetes.io/zone\":\"zone-c\",\"kubernetes.io/os\":\"linux\"}}");
        ApiTestSupport.Answer done = runUntilStatus(id, "completed", "failed");
        assertEquals("failed", done.text("status"), done.body());
        JsonNode progress = done.json().get("progress");
        assertEquals(6, number(progress, "totalNodes"));
        assertEquals(6, number(progress, "failedNodes"));
        assertEquals(100.0, progress.get("percentage").getDoubleValue());
        List<String> failedNodes = new ArrayList<>();
        for (JsonNode failed : done.json().get("failedNodeDetails").values()) {
            failedNodes.add(failed.get("nodeName").getStringValue());
            assertEquals("UNKNOWN", failed.get("reason").getStringValue(), "the first failure's code");
            String message = failed.get("message").getStringValue();
            assertTrue(message.startsWith("fail.invalid/app:1: ") && message.contains("no such host"), message);
            assertTrue(message.contains("team/app:missing: ") && message.contains("not found"), message);
        }
        // Batch by batch; the two nodes of one batch are pulled at once and listed as they finish.
        List<List<String>> batches = List.of(List.of("node-3", "node-6"), List.of("node-9", "node-12"), List.of("node-15", "node-18"));
        assertEquals(6, failedNodes.size(), failedNodes.toString());
        for (int b = 0; b < batches.size(); b++) {
            assertEquals(Set.copyOf(batches.get(b)), Set.copyOf(failedNodes.subList(2 * b, 2 * b + 2)),
                    "batch " + (b + 1) + " in " + failedNodes);
        }
    }

    @Test
    void cancelMidwayStopsPullsAndAnswersTheSeedsShape() throws Exception {
        cluster.agents().setPullDelay(Duration.ofMillis(300));
        String id = create("{\"images\":[\"busybox:1.36\"],\"batchSize\":2}");
        CompletableFuture<PrewarmReconcileResult> pass = CompletableFuture.supplyAsync(
                () -> reconciler.reconcile(Instant.now().plusSeconds(30)));
        Instant giveUp = Instant.now().plusSeconds(20);
        while (agents.totalPulls() < 4 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        assertTrue(agents.totalPulls() >= 4, "the pass has started pulling");

        ApiTestSupport.Answer cancel = api.delete("/api/v1/tasks/" + id);
        assertEquals(200, cancel.status(), cancel.body());
        assertEquals(List.of("taskId", "status", "message"), cancel.fields());
        assertEquals(id, cancel.text("taskId"));
        assertEquals("cancelled", cancel.text("status"));
        assertEquals("Task cancelled successfully", cancel.text("message"));
        assertEquals("cancelled", api.get("/api/v1/tasks/" + id).text("status"), "cancelled at once for every reader");

        PrewarmReconcileResult result = pass.get(20, TimeUnit.SECONDS);
        assertTrue(result.converged(), result.describe());
        int pulled = agents.totalPulls();
        assertTrue(pulled < 20, "the pass stopped pulling after the cancel: " + pulled + " pulls");

        reconciler.reconcile(Instant.now().plusSeconds(5));
        assertEquals(pulled, agents.totalPulls(), "no pull starts after a cancel");
        ApiTestSupport.Answer detail = api.get("/api/v1/tasks/" + id);
        assertEquals("cancelled", detail.text("status"));
        assertNotNull(detail.text("completedAt"));
        int completed = number(detail.json().get("progress"), "completedNodes");
        assertTrue(completed >= 2 && completed < 20, detail.body());

        ApiTestSupport.Answer again = api.delete("/api/v1/tasks/" + id);
        assertEquals(409, again.status(), again.body());
        assertTrue(again.text("error").contains("already cancelled"), again.body());
    }

    @Test
    void aNodeThatFinishesIsWrittenWithoutWaitingForTheRestOfItsBatch() throws Exception {
        cluster.agents().setDown("node-5", true);
        cluster.agents().setPullDelay(Duration.ofMillis(3000));
        // zone-b: node-2, node-5, ...; the first batch is node-2 (slow pull) and node-5 (agent down: fails at once).
        String id = create("{\"images\":[\"busybox:1.36\"],\"batchSize\":2,\"nodeSelector\":{\"topology.kubernetes.io/zone\":\"zone-b\"}}");
        CompletableFuture<PrewarmReconcileResult> pass = CompletableFuture.supplyAsync(
                () -> reconciler.reconcile(Instant.now().plusSeconds(30)));
        Instant giveUp = Instant.now().plusSeconds(20);
        ApiTestSupport.Answer detail = api.get("/api/v1/tasks/" + id);
        while (!(detail.json().get("progress").get("failedNodes").getIntValue() == 1) && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
            detail = api.get("/api/v1/tasks/" + id);
        }
        assertEquals(1, number(detail.json().get("progress"), "failedNodes"), detail.body());
        assertEquals(0, number(detail.json().get("progress"), "completedNodes"), "written while node-2 still pulls");
        assertFalse(pass.isDone(), "within the pass, before its batch ended");
        assertEquals(200, api.delete("/api/v1/tasks/" + id).status());
        assertTrue(pass.get(20, TimeUnit.SECONDS).converged());
        assertEquals("cancelled", runUntilStatus(id, "cancelled").text("status"));
    }

    @Test
    void aWindowTaskKeepsBatchSizeNodesPullingAndAStragglerHoldsNoOneUp() {
        cluster.agents().setPullDelay(Duration.ofMillis(100));
        cluster.agents().setPullDelay("node-1", Duration.ofMillis(2500));
        cluster.agents().setDown("node-5", true);
        String id = create("{\"images\":[\"busybox:1.36\"],\"batchSize\":3,\"strategy\":\"window\"}");
        assertEquals("window", api.get("/api/v1/tasks/" + id).text("strategy"));
        JsonNode listed = null;
        for (JsonNode task : api.get("/api/v1/tasks?limit=100").json().get("tasks").values()) {
            if (id.equals(task.get("taskId").getStringValue())) {
                listed = task;
            }
        }
        assertEquals("window", listed == null ? null : listed.get("strategy").getStringValue(), "the list entry shows it too");
        ApiTestSupport.Answer done = runUntilStatus(id, "completed", "failed");

        assertEquals("completed", done.text("status"), done.body());
        JsonNode progress = done.json().get("progress");
        assertEquals(List.of(20, 19, 1, 7, 7), List.of(number(progress, "totalNodes"), number(progress, "completedNodes"),
                number(progress, "failedNodes"), number(progress, "currentBatch"), number(progress, "totalBatches")));
        assertEquals(100.0, progress.get("percentage").getDoubleValue());
        JsonNode failed = done.json().get("failedNodeDetails").get(0);
        assertEquals(List.of("nodeName", "reason", "message", "timestamp"), fieldsOf(failed));
        assertEquals("node-5", failed.get("nodeName").getStringValue());
        assertEquals("UNAVAILABLE", failed.get("reason").getStringValue());
        for (String node : cluster.nodeNames()) {
            assertEquals(1, agents.pulls(node), "one pull (or attempt) per node: " + node);
        }
        assertEquals(3, agents.maxInFlight(), "at most batchSize nodes at a time, and the window kept them all busy");
        // While node-1 pulled for 2.5 s, the two other places served the rest of the fleet (in batches, nodes 4 to 20
        // would all have waited for it).
        List<CountingAgentClient.Call> calls = agents.calls();
        CountingAgentClient.Call straggler = calls.stream().filter(c -> c.node().equals("node-1")).findFirst().orElseThrow();
        long during = calls.stream().filter(c -> c.node().matches("node-([4-9]|\\d\\d)"))
                .filter(c -> c.ended() <= straggler.ended()).count();
        assertTrue(during >= 10, "only " + during + " later nodes finished while node-1 pulled");
    }

    @Test
    void cancelMidwayStopsAWindowTaskAsItStopsBatches() throws Exception {
        cluster.agents().setPullDelay(Duration.ofMillis(300));
        String id = create("{\"images\":[\"busybox:1.36\"],\"batchSize\":2,\"strategy\":\"window\"}");
        CompletableFuture<PrewarmReconcileResult> pass = CompletableFuture.supplyAsync(
                () -> reconciler.reconcile(Instant.now().plusSeconds(30)));
        Instant giveUp = Instant.now().plusSeconds(20);
        while (agents.totalPulls() < 4 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        assertTrue(agents.totalPulls() >= 4, "the pass has started pulling");
        ApiTestSupport.Answer running = api.get("/api/v1/tasks/" + id);
        assertEquals("running", running.text("status"), running.body());

        ApiTestSupport.Answer cancel = api.delete("/api/v1/tasks/" + id);
        assertEquals(200, cancel.status(), cancel.body());
        assertEquals("cancelled", cancel.text("status"));
        PrewarmReconcileResult result = pass.get(20, TimeUnit.SECONDS);
        assertTrue(result.converged(), result.describe());
        int pulled = agents.totalPulls();
        assertTrue(pulled < 20, "the pass stopped pulling after the cancel: " + pulled + " pulls");
        assertTrue(agents.maxInFlight() <= 2, "never more than batchSize: " + agents.maxInFlight());

        reconciler.reconcile(Instant.now().plusSeconds(5));
        assertEquals(pulled, agents.totalPulls(), "no pull starts after a cancel");
        ApiTestSupport.Answer detail = api.get("/api/v1/tasks/" + id);
        assertEquals("cancelled", detail.text("status"));
        assertNotNull(detail.text("completedAt"));
        int completed = number(detail.json().get("progress"), "completedNodes");
        assertTrue(completed >= 2 && completed < 20, detail.body());
        assertEquals(409, api.delete("/api/v1/tasks/" + id).status());
    }

    @Test
    void cancellingAFinishedTaskIsAConflictAndUnknownIdsAreNotFound() {
        String id = create("{\"images\":[\"busybox:1.36\"],\"batchSize\":5,\"nodeSelector\":{\"kubernetes.io/hostname\":\"node-2\"}}");
        runUntilStatus(id, "completed");
        ApiTestSupport.Answer conflict = api.delete("/api/v1/tasks/" + id);
        assertEquals(409, conflict.status(), conflict.body());
        assertEquals(List.of("error"), conflict.fields());
        assertTrue(conflict.text("error").contains("already completed"));

        for (String unknown : List.of("task-20200101-000000-00000000", "nope", "TASK-1")) {
            ApiTestSupport.Answer get = api.get("/api/v1/tasks/" + unknown);
            assertEquals(404, get.status(), unknown);
            assertTrue(get.contentType().startsWith("application/json"));
            assertTrue(get.text("error").contains(unknown), get.body());
            assertEquals(404, api.delete("/api/v1/tasks/" + unknown).status(), unknown);
        }
    }

    @Test
    void aFollowingTaskPrewarmsNodesThatJoinLaterUntilCancelled() {
        String id = create("{\"images\":[\"busybox:1.36\"],\"batchSize\":2,\"followSelector\":true,"
                + "\"nodeSelector\":{\"kubernetes.io/hostname\":\"late-1\"}}");
        ApiTestSupport.Answer waiting = runUntilStatus(id, "running");
        assertEquals(0, number(waiting.json().get("progress"), "totalNodes"));
        assertEquals(Boolean.TRUE, waiting.json().get("followSelector").getBooleanValue());

        cluster.addNode("late-1");
        try {
            ApiTestSupport.Answer grown = runUntil(id, d -> number(d.json().get("progress"), "completedNodes") == 1);
            assertEquals("running", grown.text("status"), "it keeps following");
            assertEquals(1, agents.pulls("late-1"));
            assertEquals(200, api.delete("/api/v1/tasks/" + id).status());
            assertEquals("cancelled", runUntilStatus(id, "cancelled").text("status"));
        } finally {
            cluster.removeNode("late-1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{}                                                         | images",
            "{\"images\":[]}                                            | images",
            "{\"images\":\"nginx\"}                                     | images",
            "{\"images\":[5]}                                           | images[0]",
            "{\"images\":[\"nginx:1\",\"Bad:Ref\"]}                     | images[1]",
            "{\"images\":[\"nginx:1\",\"nginx:1\"]}                     | images[1]",
            "{\"images\":[\"a:1\",\"a:2\",\"a:3\",\"a:4\",\"a:5\",\"a:6\",\"a:7\",\"a:8\",\"a:9\",\"a:10\",\"a:11\",\"a:12\",\"a:13\",\"a:14\",\"a:15\",\"a:16\",\"a:17\",\"a:18\",\"a:19\",\"a:20\",\"a:21\"]} | images",
            "{\"images\":[\"nginx:1\"],\"batchSize\":0}                 | batchSize",
            "{\"images\":[\"nginx:1\"],\"batchSize\":501}               | batchSize",
            "{\"images\":[\"nginx:1\"],\"batchSize\":2.5}               | batchSize",
            "{\"images\":[\"nginx:1\"],\"batchSize\":\"10\"}            | batchSize",
            "{\"images\":[\"nginx:1\"],\"batchSize\":99999999999}       | batchSize",
            "{\"images\":[\"nginx:1\"],\"nodeSelector\":\"x\"}          | nodeSelector",
            "{\"images\":[\"nginx:1\"],\"nodeSelector\":{\"bad key\":\"x\"}} | nodeSelector",
            "{\"images\":[\"nginx:1\"],\"nodeSelector\":{\"k\":\"bad value\"}} | nodeSelector",
            "{\"images\":[\"nginx:1\"],\"nodeSelector\":{\"k\":5}}      | nodeSelector.k",
            "{\"images\":[\"nginx:1\"],\"mode\":\"pod\"}                | mode",
            "{\"images\":[\"nginx:1\"],\"strategy\":\"rolling\"}        | strategy",
            "{\"images\":[\"nginx:1\"],\"strategy\":\"WINDOW\"}         | strategy",
            "{\"images\":[\"nginx:1\"],\"strategy\":7}                 | strategy",
            "{\"images\":[\"nginx:1\"],\"followSelector\":\"yes\"}      | followSelector",
            "{\"images\":[\"nginx:1\"],\"imagePullSecrets\":[\"regcred\"]} | imagePullSecrets",
            "{\"images\":[\"nginx:1\"],\"mode\":\"job\",\"imagePullSecrets\":[\"Bad_Name\"]} | imagePullSecrets[0]",
            "[\"nginx:1\"]                                              | JSON object",
            "{\"images\":                                               | JSON",
    })
    void badInputIsA400NamingTheFieldAndWritesNothing(String body, String field) {
        int before = storedTasks();
        ApiTestSupport.Answer answer = api.post("/api/v1/tasks", body);
        assertEquals(400, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        assertEquals(List.of("error"), answer.fields(), answer.body());
        assertTrue(answer.text("error").contains(field), answer.text("error"));
        assertEquals(before, storedTasks(), "nothing is stored on a 400");
    }

    @Test
    void prometheusShowsTasksByStatusNodePullsAndPullDuration() {
        String id = create("{\"images\":[\"busybox:1.36\"],\"nodeSelector\":{\"kubernetes.io/hostname\":\"node-4\"}}");
        runUntilStatus(id, "completed");
        ApiTestSupport.Answer scrape = api.get("/prometheus");
        assertEquals(200, scrape.status(), scrape.body());
        String text = scrape.body();
        assertTrue(text.matches("(?s).*deckhand_prewarm_tasks\\{status=\"completed\"} [1-9].*"), text);
        assertTrue(text.contains("deckhand_prewarm_tasks{status=\"pending\"}"), text);
        assertTrue(text.matches("(?s).*deckhand_prewarm_node_pulls_total\\{mode=\"agent\",result=\"completed\"} [1-9].*"), text);
        assertTrue(text.contains("deckhand_prewarm_pull_duration_seconds_count{mode=\"agent\",result=\"completed\"}"), text);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.values().forEach(v -> values.add(v.getStringValue()));
        return values;
    }

    private static List<String> fieldsOf(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.entries().forEach(e -> names.add(e.getKey()));
        return names;
    }
}
