package dev.deckhand.sandbox;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.util.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API server as the official client sees it, with the simulator off: what the sandbox adds to the mock
 * (indexes, kind defaulting, generateName, status semantics) keeps the API's answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerSemanticsTest {

    private static final String NS = "default";
    private SandboxCluster cluster;
    private CoreV1Api core;
    private CustomObjectsApi custom;
    private BatchV1Api batch;
    private AppsV1Api apps;

    @BeforeAll
    void start() throws Exception {
        cluster = SandboxCluster.builder().nodes(2).simulator(false).agents(false).start();
        ApiClient api = Config.fromConfig(cluster.kubeconfigPath().toString());
        core = new CoreV1Api(api);
        custom = new CustomObjectsApi(api);
        batch = new BatchV1Api(api);
        apps = new AppsV1Api(api);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void createGetConflictAndStaleReplace() throws Exception {
        V1ConfigMap created = core.createNamespacedConfigMap(NS, configMap("a", "app", "x")).execute();
        assertEquals("ConfigMap", created.getKind());
        assertEquals(409, assertThrows(ApiException.class,
                () -> core.createNamespacedConfigMap(NS, configMap("a", "app", "x")).execute()).getCode());
        assertEquals(404, assertThrows(ApiException.class,
                () -> core.readNamespacedConfigMap("missing", NS).execute()).getCode());
        assertEquals("x", core.readNamespacedConfigMap("a", NS).execute().getMetadata().getLabels().get("app"));

        V1ConfigMap stale = core.readNamespacedConfigMap("a", NS).execute();
        V1ConfigMap fresh = core.readNamespacedConfigMap("a", NS).execute();
        fresh.putDataItem("k", "2");
        core.replaceNamespacedConfigMap("a", NS, fresh).execute();
        stale.putDataItem("k", "3");
        assertEquals(409, assertThrows(ApiException.class,
                () -> core.replaceNamespacedConfigMap("a", NS, stale).execute()).getCode());
        assertEquals("2", core.readNamespacedConfigMap("a", NS).execute().getData().get("k"));
    }

    @Test
    void labelSelectorsAndDeleteCollection() throws Exception {
        core.createNamespacedConfigMap(NS, configMap("l1", "team", "blue")).execute();
        core.createNamespacedConfigMap(NS, configMap("l2", "team", "blue")).execute();
        core.createNamespacedConfigMap(NS, configMap("l3", "team", "red")).execute();
        List<String> blue = core.listNamespacedConfigMap(NS).labelSelector("team=blue").execute().getItems().stream()
                .map(c -> c.getMetadata().getName()).sorted().toList();
        assertEquals(List.of("l1", "l2"), blue);
        core.deleteCollectionNamespacedConfigMap(NS).labelSelector("team=blue").execute();
        assertEquals(List.of("l3"), core.listNamespacedConfigMap(NS).labelSelector("team").execute().getItems().stream()
                .map(c -> c.getMetadata().getName()).toList());
        // a deleted object can be created again
        core.createNamespacedConfigMap(NS, configMap("l1", "team", "green")).execute();
        assertEquals("green", core.readNamespacedConfigMap("l1", NS).execute().getMetadata().getLabels().get("team"));
    }

    @Test
    void generateNameGivesAShortRandomSuffix() throws Exception {
        V1ConfigMap created = core.createNamespacedConfigMap(NS,
                new V1ConfigMap().metadata(new V1ObjectMeta().generateName("gen-"))).execute();
        assertTrue(created.getMetadata().getName().matches("gen-[a-z0-9]{5}"), created.getMetadata().getName());
    }

    @Test
    void aClientCannotWriteStatusExceptThroughTheStatusSubresource() throws Exception {
        V1Pod pod = new V1Pod().metadata(new V1ObjectMeta().name("p"))
                .spec(new V1PodSpec().addContainersItem(new V1Container().name("c").image("busybox")))
                .status(new V1PodStatus().phase("Running"));
        V1Pod created = core.createNamespacedPod(NS, pod).execute();
        assertTrue(created.getStatus() == null || created.getStatus().getPhase() == null, "status ignored on create");

        created.setStatus(new V1PodStatus().phase("Running").podIP("10.244.1.7"));
        V1Pod withStatus = core.replaceNamespacedPodStatus("p", NS, created).execute();
        assertEquals("Running", withStatus.getStatus().getPhase());

        withStatus.getMetadata().putLabelsItem("touched", "yes");
        withStatus.setStatus(new V1PodStatus().phase("Failed"));
        V1Pod replaced = core.replaceNamespacedPod("p", NS, withStatus).execute();
        assertEquals("yes", replaced.getMetadata().getLabels().get("touched"));
        assertEquals("Running", replaced.getStatus().getPhase(), "status kept on replace");
        assertEquals("10.244.1.7", core.readNamespacedPod("p", NS).execute().getStatus().getPodIP());
    }

    @Test
    void customResourcesWorkWithoutADefinition() throws Exception {
        Map<String, Object> task = Map.of("apiVersion", "deckhand.dev/v1", "kind", "PrewarmTask",
                "metadata", Map.of("name", "t1", "labels", Map.of("status", "pending")),
                "spec", Map.of("image", "busybox:1.36", "batchSize", 2));
        custom.createNamespacedCustomObject("deckhand.dev", "v1", "deckhand", "prewarmtasks", task).execute();
        assertEquals(409, assertThrows(ApiException.class, () -> custom.createNamespacedCustomObject(
                "deckhand.dev", "v1", "deckhand", "prewarmtasks", task).execute()).getCode());
        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) custom.getNamespacedCustomObject(
                "deckhand.dev", "v1", "deckhand", "prewarmtasks", "t1").execute();
        assertEquals("busybox:1.36", ((Map<?, ?>) read.get("spec")).get("image"));
        assertEquals(404, assertThrows(ApiException.class, () -> custom.getNamespacedCustomObject(
                "deckhand.dev", "v1", "deckhand", "prewarmtasks", "t2").execute()).getCode());
    }

    /**
     * A reconcile pass asks for its LISTs from the watch cache ({@code resourceVersion=0}), as a real API server offers:
     * the sandbox answers them as it answers any LIST, label selectors and all, for built-in kinds and custom resources.
     */
    @Test
    void listsFromTheWatchCacheWithResourceVersionZeroAnswerLikeAnyList() throws Exception {
        core.createNamespacedConfigMap(NS, configMap("rv-1", "cache", "yes")).execute();
        core.createNamespacedConfigMap(NS, configMap("rv-2", "cache", "yes")).execute();
        core.createNamespacedConfigMap(NS, configMap("rv-3", "cache", "no")).execute();
        assertEquals(List.of("rv-1", "rv-2"), core.listNamespacedConfigMap(NS).labelSelector("cache=yes").resourceVersion("0")
                .execute().getItems().stream().map(c -> c.getMetadata().getName()).sorted().toList());
        assertEquals(List.of("node-1", "node-2"), core.listNode().resourceVersion("0").execute().getItems().stream()
                .map(n -> n.getMetadata().getName()).sorted().toList());
        V1Job job = new V1Job().metadata(new V1ObjectMeta().name("rv-job").putLabelsItem("cache", "yes"))
                .spec(new V1JobSpec().template(new V1PodTemplateSpec().spec(new V1PodSpec().restartPolicy("Never")
                        .addContainersItem(new V1Container().name("c").image("busybox")))));
        batch.createNamespacedJob(NS, job).execute();
        assertEquals(List.of("rv-job"), batch.listNamespacedJob(NS).labelSelector("cache=yes").resourceVersion("0").execute()
                .getItems().stream().map(j -> j.getMetadata().getName()).toList());
        assertEquals(List.of(), apps.listNamespacedDeployment(NS).labelSelector("cache=yes").resourceVersion("0").execute()
                .getItems());
        assertEquals(List.of(), core.listNamespacedService(NS).labelSelector("cache=yes").resourceVersion("0").execute()
                .getItems());
        assertEquals(List.of(), core.listNamespacedPod(NS).labelSelector("cache=yes").resourceVersion("0").execute().getItems());
        custom.createNamespacedCustomObject("deckhand.dev", "v1", "deckhand", "prewarmtasks", Map.of(
                "apiVersion", "deckhand.dev/v1", "kind", "PrewarmTask", "metadata", Map.of("name", "rv-task"),
                "spec", Map.of("images", List.of("busybox:1.36")))).execute();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) ((Map<String, Object>) custom.listNamespacedCustomObject(
                "deckhand.dev", "v1", "deckhand", "prewarmtasks").resourceVersion("0").execute()).get("items");
        assertTrue(tasks.stream().anyMatch(t -> "rv-task".equals(((Map<?, ?>) t.get("metadata")).get("name"))), tasks.toString());
    }

    @Test
    void aLargeStatusWriteMovesTheResourceVersionAndOnlyASpecChangeMovesTheGeneration() throws Exception {
        Map<String, Object> task = new java.util.HashMap<>(Map.of("apiVersion", "deckhand.dev/v1", "kind", "PrewarmTask",
                "metadata", Map.of("name", "gen-task"), "spec", Map.of("image", "busybox:1.36")));
        custom.createNamespacedCustomObject("deckhand.dev", "v1", "deckhand", "prewarmtasks", task).execute();
        Map<String, Object> same = read("gen-task");

        same.put("status", Map.of("nodes", java.util.Collections.nCopies(3000, Map.of("name", "n", "state", "pending"))));
        Map<String, Object> withStatus = replace(same);
        assertFalse(meta(same, "resourceVersion").equals(meta(withStatus, "resourceVersion")), "the status changed");
        assertEquals(meta(same, "generation"), meta(withStatus, "generation"), "a status write leaves the generation");

        withStatus.put("spec", Map.of("image", "busybox:1.37"));
        Map<String, Object> respecced = replace(withStatus);
        assertEquals(((Number) meta(withStatus, "generation")).intValue() + 1, ((Number) meta(respecced, "generation")).intValue());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String name) throws ApiException {
        return new java.util.HashMap<>((Map<String, Object>) custom.getNamespacedCustomObject("deckhand.dev", "v1", "deckhand",
                "prewarmtasks", name).execute());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> replace(Map<String, Object> object) throws ApiException {
        String name = (String) ((Map<String, Object>) object.get("metadata")).get("name");
        return new java.util.HashMap<>((Map<String, Object>) custom.replaceNamespacedCustomObject("deckhand.dev", "v1", "deckhand",
                "prewarmtasks", name, object).execute());
    }

    private static Object meta(Map<String, Object> object, String field) {
        return ((Map<?, ?>) object.get("metadata")).get(field);
    }

    @Test
    void nodeCountIsWhatWasSeeded() throws Exception {
        assertEquals(2, core.listNode().execute().getItems().size());
        assertFalse(cluster.simulator().isRunning());
    }

    private static V1ConfigMap configMap(String name, String label, String value) {
        return new V1ConfigMap().metadata(new V1ObjectMeta().name(name).putLabelsItem(label, value)).putDataItem("k", "1");
    }
}
