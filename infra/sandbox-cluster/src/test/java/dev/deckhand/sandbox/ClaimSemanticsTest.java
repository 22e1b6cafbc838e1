package dev.deckhand.sandbox;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PersistentVolumeClaims as a real API server and its controllers treat them (kube-apiserver v1.28): defaulted class
 * and protection finalizer on create, binding on first consumer, an immutable spec but for a Bound claim's storage
 * request, expansion only where the class allows it, and a deleted claim lingering while a pod uses it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimSemanticsTest {

    private static final String NS = "deckhand";

    private SandboxCluster cluster;
    private CoreV1Api core;

    @BeforeAll
    void start() throws Exception {
        cluster = SandboxCluster.builder().nodes(2).tick(Duration.ofMillis(100)).start();
        ApiClient api = Config.fromConfig(cluster.kubeconfigPath().toString());
        core = new CoreV1Api(api);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void aClaimGetsTheDefaultClassAndProtectionAndWaitsForItsFirstConsumer() throws Exception {
        V1PersistentVolumeClaim created = core.createNamespacedPersistentVolumeClaim(NS, claim("first", null, "1Gi")).execute();
        assertEquals(StorageClasses.STANDARD, created.getSpec().getStorageClassName());
        assertEquals(List.of("kubernetes.io/pvc-protection"), created.getMetadata().getFinalizers());
        cluster.simulator().runOnce();
        cluster.simulator().runOnce();
        assertTrue(phase("first") == null || "Pending".equals(phase("first")), "no pod mounts it yet: " + phase("first"));

        core.createNamespacedPod(NS, podMounting("first-user", "first")).execute();
        V1PersistentVolumeClaim bound = Await.until(() -> core.readNamespacedPersistentVolumeClaim("first", NS).execute(),
                c -> c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()), "claim first Bound");
        assertEquals(new Quantity("1Gi"), bound.getStatus().getCapacity().get("storage"));
        assertEquals(List.of("ReadWriteOnce"), bound.getStatus().getAccessModes());
        assertNotNull(bound.getSpec().getVolumeName());
        core.deleteNamespacedPod("first-user", NS).execute();
    }

    @Test
    void aPendingClaimsSpecIsImmutable() throws Exception {
        createQuietly(claim("pending", null, "1Gi"));
        ApiException refused = assertThrows(ApiException.class, () -> resize("pending", "2Gi"));
        assertEquals(422, refused.getCode());
        assertTrue(refused.getResponseBody().contains("\"kind\":\"Status\"") && refused.getResponseBody().contains("\"reason\":\"Invalid\""),
                refused.getResponseBody());
        assertTrue(refused.getResponseBody().contains("PersistentVolumeClaim \\\"pending\\\" is invalid: spec: Forbidden: "
                + "spec is immutable after creation except resources.requests for bound claims"), refused.getResponseBody());
        assertEquals("1Gi", request("pending"), "nothing changed");
    }

    @Test
    void aBoundClaimGrowsWhereItsClassAllowsAndNeverShrinks() throws Exception {
        boundClaim("grows", null, "1Gi");
        resize("grows", "3Gi");
        Await.until(() -> core.readNamespacedPersistentVolumeClaim("grows", NS).execute(),
                c -> new Quantity("3Gi").equals(c.getStatus().getCapacity().get("storage")), "claim grows at 3Gi");

        ApiException shrink = assertThrows(ApiException.class, () -> resize("grows", "2Gi"));
        assertEquals(422, shrink.getCode());
        assertTrue(shrink.getResponseBody().contains("spec.resources.requests.storage: Forbidden: field can not be less than previous value"),
                shrink.getResponseBody());
        ApiException otherField = assertThrows(ApiException.class, () -> patch("grows",
                "[{\"op\":\"replace\",\"path\":\"/spec/accessModes\",\"value\":[\"ReadWriteMany\"]}]"));
        assertEquals(422, otherField.getCode());
        assertEquals("3Gi", request("grows"));
    }

    @Test
    void aBoundClaimOfAClassWithoutExpansionCannotGrow() throws Exception {
        boundClaim("fixed", StorageClasses.FIXED, "1Gi");
        ApiException refused = assertThrows(ApiException.class, () -> resize("fixed", "2Gi"));
        assertEquals(403, refused.getCode());
        assertTrue(refused.getResponseBody().contains("persistentvolumeclaims \\\"fixed\\\" is forbidden: only dynamically provisioned "
                + "pvc can be resized and the storageclass that provisions the pvc must support resize"), refused.getResponseBody());
        assertEquals("1Gi", request("fixed"));
    }

    @Test
    void aDeletedClaimLingersWhileAPodUsesItThenGoes() throws Exception {
        boundClaim("held", null, "1Gi");
        cluster.simulator().pause();
        try {
            core.deleteNamespacedPersistentVolumeClaim("held", NS).execute();
            V1PersistentVolumeClaim terminating = core.readNamespacedPersistentVolumeClaim("held", NS).execute();
            assertNotNull(terminating.getMetadata().getDeletionTimestamp());
            assertEquals(List.of("kubernetes.io/pvc-protection"), terminating.getMetadata().getFinalizers());
            cluster.simulator().runOnce();
            assertNotNull(core.readNamespacedPersistentVolumeClaim("held", NS).execute(), "a scheduled pod still mounts it");
            assertEquals(1, core.listNamespacedPersistentVolumeClaim(NS).execute().getItems().stream()
                    .filter(c -> c.getMetadata().getName().equals("held")).count(), "a LIST still returns it");

            core.deleteNamespacedPod("held-user", NS).execute();
            cluster.simulator().runOnce();
            ApiException gone = assertThrows(ApiException.class, () -> core.readNamespacedPersistentVolumeClaim("held", NS).execute());
            assertEquals(404, gone.getCode());
        } finally {
            cluster.simulator().resume();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void boundClaim(String name, String storageClass, String size) throws Exception {
        core.createNamespacedPersistentVolumeClaim(NS, claim(name, storageClass, size)).execute();
        core.createNamespacedPod(NS, podMounting(name + "-user", name)).execute();
        Await.until(() -> core.readNamespacedPersistentVolumeClaim(name, NS).execute(),
                c -> c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()), "claim " + name + " Bound");
    }

    private void createQuietly(V1PersistentVolumeClaim claim) {
        try {
            core.createNamespacedPersistentVolumeClaim(NS, claim).execute();
        } catch (ApiException e) {
            throw new AssertionError(e.getResponseBody(), e);
        }
    }

    private void resize(String name, String size) throws ApiException {
        patch(name, "[{\"op\":\"replace\",\"path\":\"/spec/resources/requests/storage\",\"value\":\"" + size + "\"}]");
    }

    private void patch(String name, String jsonPatch) throws ApiException {
        PatchUtils.patch(V1PersistentVolumeClaim.class,
                () -> core.patchNamespacedPersistentVolumeClaim(name, NS, new V1Patch(jsonPatch)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_PATCH, core.getApiClient());
    }

    private String request(String name) throws Exception {
        return core.readNamespacedPersistentVolumeClaim(name, NS).execute().getSpec().getResources().getRequests()
                .get("storage").toSuffixedString();
    }

    private String phase(String name) throws Exception {
        V1PersistentVolumeClaim claim = core.readNamespacedPersistentVolumeClaim(name, NS).execute();
        return claim.getStatus() == null ? null : claim.getStatus().getPhase();
    }

    private static V1PersistentVolumeClaim claim(String name, String storageClass, String size) {
        return new V1PersistentVolumeClaim().metadata(new V1ObjectMeta().name(name))
                .spec(new V1PersistentVolumeClaimSpec().addAccessModesItem("ReadWriteOnce").storageClassName(storageClass)
                        .resources(new V1VolumeResourceRequirements().putRequestsItem("storage", new Quantity(size))));
    }

    private static V1Pod podMounting(String name, String claim) {
        return new V1Pod().metadata(new V1ObjectMeta().name(name))
                .spec(new V1PodSpec().addContainersItem(new V1Container().name("app").image("busybox:1.36"))
                        .addVolumesItem(new V1Volume().name("data")
                                .persistentVolumeClaim(new V1PersistentVolumeClaimVolumeSource().claimName(claim))));
    }
}
