package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.custom.V1Patch;
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
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API server as the official client sees it, with the simulator off: what the sandbox adds to the mock
 * (indexes, kind defaulting, generateName, status semantics, node ports) keeps the API's answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerSemanticsTest {

    private static final String NS = "default";
    private static final ObjectMapper NODE_PORT_JSON = new ObjectMapper();
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

    // Node ports as a real API server hands them out (default --service-node-port-range): unique across the cluster,
    // inside the range, allocated when none is asked for.

    @Test
    void aNodePortAnotherServiceHoldsIsRefusedAsARealApiServerRefusesIt() throws Exception {
        core.createNamespacedService("deckhand", nodePort("holder", 30080)).execute();

        ApiException taken = assertThrows(ApiException.class,
                () -> core.createNamespacedService("default", nodePort("x", 30080)).execute());
        assertEquals(422, taken.getCode());
        JsonNode status = NODE_PORT_JSON.readTree(taken.getResponseBody());
        assertEquals("Invalid", status.path("reason").asText());
        assertEquals("Service \"x\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
                status.path("message").asText());
        assertEquals("spec.ports[0].nodePort", status.path("details").path("causes").path(0).path("field").asText());
        assertEquals("FieldValueInvalid", status.path("details").path("causes").path(0).path("reason").asText());
        assertEquals(404, assertThrows(ApiException.class, () -> core.readNamespacedService("x", "default").execute()).getCode(),
                "nothing stored");

        // The holder itself may be written again keeping its port; another Service may not move onto it.
        V1Service holder = core.readNamespacedService("holder", "deckhand").execute();
        holder.getMetadata().putLabelsItem("edited", "yes");
        assertEquals(30080, core.replaceNamespacedService("holder", "deckhand", holder).execute().getSpec().getPorts().get(0).getNodePort());
        core.createNamespacedService("default", nodePort("mover", 30081)).execute();
        V1Service mover = core.readNamespacedService("mover", "default").execute();
        mover.getSpec().getPorts().get(0).setNodePort(30080);
        ApiException moved = assertThrows(ApiException.class, () -> core.replaceNamespacedService("mover", "default", mover).execute());
        assertEquals(422, moved.getCode());
        assertTrue(moved.getResponseBody().contains("Service \\\"mover\\\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: "
                + "provided port is already allocated"), moved.getResponseBody());
        assertEquals(30081, core.readNamespacedService("mover", "default").execute().getSpec().getPorts().get(0).getNodePort());

        // A second port of a Service is refused with its own index; a JSON merge patch is checked as a replace is.
        V1Service twoPorts = nodePort("two", 30082);
        twoPorts.getSpec().addPortsItem(new V1ServicePort().name("tls").port(443).nodePort(30081));
        ApiException second = assertThrows(ApiException.class, () -> core.createNamespacedService("default", twoPorts).execute());
        assertTrue(second.getResponseBody().contains("spec.ports[1].nodePort: Invalid value: 30081"), second.getResponseBody());
        ApiException patched = assertThrows(ApiException.class, () -> PatchUtils.patch(V1Service.class,
                () -> core.patchNamespacedService("mover", "default",
                        new V1Patch("{\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":80,\"nodePort\":30080}]}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, core.getApiClient()));
        assertEquals(422, patched.getCode(), patched.getResponseBody());

        // Once the holder is gone its port is free again.
        core.deleteNamespacedService("holder", "deckhand").execute();
        mover.getMetadata().setResourceVersion(core.readNamespacedService("mover", "default").execute().getMetadata().getResourceVersion());
        assertEquals(30080, core.replaceNamespacedService("mover", "default", mover).execute().getSpec().getPorts().get(0).getNodePort());
    }

    @Test
    void aNodePortOutsideTheRangeIsRefused() throws Exception {
        ApiException low = assertThrows(ApiException.class, () -> core.createNamespacedService("default", nodePort("low", 29999)).execute());
        assertEquals(422, low.getCode());
        JsonNode status = NODE_PORT_JSON.readTree(low.getResponseBody());
        assertEquals("Invalid", status.path("reason").asText());
        assertEquals("Service \"low\" is invalid: spec.ports[0].nodePort: Invalid value: 29999: provided port is not in the valid "
                + "range. The range of valid ports is 30000-32767", status.path("message").asText());
        assertEquals(422, assertThrows(ApiException.class,
                () -> core.createNamespacedService("default", nodePort("high", 32768)).execute()).getCode());
        assertNotNull(core.createNamespacedService("default", nodePort("bottom", 30000)).execute());
    }

    @Test
    void aNodePortServiceThatAsksForNoneGetsAFreeOneAndKeepsItWhenWrittenAgain() throws Exception {
        core.createNamespacedService("deckhand-services", nodePort("taken", 30200)).execute();
        V1Service created = core.createNamespacedService("deckhand-services", nodePort("assigned", null)).execute();
        Integer given = created.getSpec().getPorts().get(0).getNodePort();
        assertNotNull(given, "the answer shows the allocated port");
        assertTrue(given >= 30000 && given <= 32767, String.valueOf(given));
        assertNotEquals(30200, given);
        assertEquals(given, core.readNamespacedService("assigned", "deckhand-services").execute().getSpec().getPorts().get(0).getNodePort());

        // Resubmitting what was created (no node port, no resourceVersion check needed by the server) keeps the port.
        V1Service again = nodePort("assigned", null);
        again.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
        again.getMetadata().setLabels(Map.of("edited", "yes"));
        assertEquals(given, core.replaceNamespacedService("assigned", "deckhand-services", again).execute().getSpec().getPorts().get(0).getNodePort());
    }

    @Test
    void clusterIpAndHeadlessServicesHoldNoNodePort() throws Exception {
        V1Service clusterIp = new V1Service().metadata(new V1ObjectMeta().name("plain"))
                .spec(new V1ServiceSpec().ports(List.of(new V1ServicePort().name("http").port(80))));
        assertNull(core.createNamespacedService("default", clusterIp).execute().getSpec().getPorts().get(0).getNodePort());
        V1Service headless = new V1Service().metadata(new V1ObjectMeta().name("headless")).spec(new V1ServiceSpec().clusterIP("None"));
        assertNotNull(core.createNamespacedService("default", headless).execute());
    }

    private static V1Service nodePort(String name, Integer nodePort) {
        return new V1Service().metadata(new V1ObjectMeta().name(name)).spec(new V1ServiceSpec().type("NodePort")
                .addPortsItem(new V1ServicePort().name("http").port(80).nodePort(nodePort)));
    }
}
