package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node ports as a real API server hands them out (kube-apiserver, default {@code --service-node-port-range}), seen
 * through the official Java client: unique across the cluster, inside the range, allocated when none is asked for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodePortSemanticsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SandboxCluster cluster;
    private CoreV1Api core;

    @BeforeAll
    void start() throws Exception {
        cluster = SandboxCluster.builder().nodes(1).start();
        ApiClient api = Config.fromConfig(cluster.kubeconfigPath().toString());
        core = new CoreV1Api(api);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void aNodePortAnotherServiceHoldsIsRefusedAsARealApiServerRefusesIt() throws Exception {
        core.createNamespacedService("deckhand", nodePort("holder", 30080)).execute();

        ApiException taken = assertThrows(ApiException.class,
                () -> core.createNamespacedService("default", nodePort("x", 30080)).execute());
        assertEquals(422, taken.getCode());
        JsonNode status = JSON.readTree(taken.getResponseBody());
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
        JsonNode status = JSON.readTree(low.getResponseBody());
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
                .spec(new V1ServiceSpec().ports(java.util.List.of(new V1ServicePort().name("http").port(80))));
        assertNull(core.createNamespacedService("default", clusterIp).execute().getSpec().getPorts().get(0).getNodePort());
        V1Service headless = new V1Service().metadata(new V1ObjectMeta().name("headless")).spec(new V1ServiceSpec().clusterIP("None"));
        assertNotNull(core.createNamespacedService("default", headless).execute());
    }

    private static V1Service nodePort(String name, Integer nodePort) {
        return new V1Service().metadata(new V1ObjectMeta().name(name)).spec(new V1ServiceSpec().type("NodePort")
                .addPortsItem(new V1ServicePort().name("http").port(80).nodePort(nodePort)));
    }
}
