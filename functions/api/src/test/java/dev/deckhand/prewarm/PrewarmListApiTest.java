package dev.deckhand.prewarm;

import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/v1/tasks}: newest first, status filter, limit and offset, bad parameters. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrewarmListApiTest implements TestPropertyProvider {

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PrewarmReconciler reconciler;

    private ApiTestSupport api;
    /** Oldest first: completed, cancelled, pending, pending. */
    private final List<String> ids = new ArrayList<>();

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.agent.namespace", "deckhand");
    }

    @BeforeAll
    void tasks() {
        api = new ApiTestSupport(server.getURL(), json);
        ids.add(create("{\"images\":[\"busybox:1.36\"],\"batchSize\":2}"));
        Instant giveUp = Instant.now().plusSeconds(30);
        while (!"completed".equals(api.get("/api/v1/tasks/" + ids.get(0)).text("status")) && Instant.now().isBefore(giveUp)) {
            reconciler.reconcile(Instant.now().plusSeconds(5));
        }
        ids.add(create("{\"images\":[\"redis:7\"]}"));
        assertEquals(200, api.delete("/api/v1/tasks/" + ids.get(1)).status());
        ids.add(create("{\"images\":[\"nginx:latest\",\"redis:7\"],\"batchSize\":10,\"nodeSelector\":{\"workload\":\"compute\"}}"));
        ids.add(create("{\"images\":[\"nginx:1.27\"]}"));
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private String create(String body) {
        ApiTestSupport.Answer created = api.post("/api/v1/tasks", body);
        assertEquals(201, created.status(), created.body());
        return created.text("taskId");
    }

    private static List<String> taskIds(ApiTestSupport.Answer page) {
        List<String> ids = new ArrayList<>();
        page.json().get("tasks").values().forEach(t -> ids.add(t.get("taskId").getStringValue()));
        return ids;
    }

    @Test
    void everyTaskNewestFirstInTheSeedsShape() {
        ApiTestSupport.Answer page = api.get("/api/v1/tasks");
        assertEquals(200, page.status(), page.body());
        assertEquals(List.of("tasks", "total", "limit", "offset"), page.fields());
        assertEquals(List.of(ids.get(3), ids.get(2), ids.get(1), ids.get(0)), taskIds(page));
        assertEquals(4, page.json().get("total").getIntValue());
        assertEquals(10, page.json().get("limit").getIntValue(), "default limit");
        assertEquals(0, page.json().get("offset").getIntValue());

        JsonNode completed = page.json().get("tasks").get(3);
        List<String> fields = new ArrayList<>();
        completed.entries().forEach(e -> fields.add(e.getKey()));
        assertEquals(List.of("taskId", "status", "images", "progress", "createdAt", "strategy"), fields);
        assertEquals("completed", completed.get("status").getStringValue());
        assertEquals("batch", completed.get("strategy").getStringValue(), "the seed's batches unless window is asked for");
        JsonNode progress = completed.get("progress");
        List<String> progressFields = new ArrayList<>();
        progress.entries().forEach(e -> progressFields.add(e.getKey()));
        assertEquals(List.of("totalNodes", "completedNodes", "percentage"), progressFields);
        assertEquals(2, progress.get("totalNodes").getIntValue());
        assertEquals(2, progress.get("completedNodes").getIntValue());
        assertEquals(100.0, progress.get("percentage").getDoubleValue());
    }

    @Test
    void statusFilters() {
        assertEquals(List.of(ids.get(3), ids.get(2)), taskIds(api.get("/api/v1/tasks?status=pending")));
        assertEquals(List.of(ids.get(1)), taskIds(api.get("/api/v1/tasks?status=cancelled")));
        assertEquals(List.of(ids.get(0)), taskIds(api.get("/api/v1/tasks?status=completed")));
        ApiTestSupport.Answer none = api.get("/api/v1/tasks?status=running");
        assertEquals(List.of(), taskIds(none));
        assertEquals(0, none.json().get("total").getIntValue());
        assertEquals(2, api.get("/api/v1/tasks?status=pending&limit=1").json().get("total").getIntValue(),
                "total counts every match, not the page");
    }

    @Test
    void limitAndOffsetPage() {
        ApiTestSupport.Answer page = api.get("/api/v1/tasks?limit=2&offset=1");
        assertEquals(List.of(ids.get(2), ids.get(1)), taskIds(page));
        assertEquals(4, page.json().get("total").getIntValue());
        assertEquals(2, page.json().get("limit").getIntValue());
        assertEquals(1, page.json().get("offset").getIntValue());
        assertEquals(List.of(), taskIds(api.get("/api/v1/tasks?offset=4")));
        ApiTestSupport.Answer big = api.get("/api/v1/tasks?limit=1000");
        assertEquals(200, big.status());
        assertEquals(100, big.json().get("limit").getIntValue(), "limits above 100 are answered as 100");
        assertEquals(4, taskIds(big).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "status=done      | status",
            "status=RUNNING   | status",
            "limit=0          | limit",
            "limit=-5         | limit",
            "limit=ten        | limit",
            "offset=-1        | offset",
            "offset=1.5       | offset",
    })
    void badParametersAre400NamingTheParameter(String query, String field) {
        ApiTestSupport.Answer answer = api.get("/api/v1/tasks?" + query);
        assertEquals(400, answer.status(), answer.body());
        assertEquals(List.of("error"), answer.fields());
        assertTrue(answer.text("error").startsWith(field), answer.body());
    }
}
