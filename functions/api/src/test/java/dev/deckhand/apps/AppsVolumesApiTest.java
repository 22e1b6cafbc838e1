package dev.deckhand.apps;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Volume changes on redeploy and deletes that wait on a volume, against the sandbox's API server, which refuses what
 * a real one refuses (an immutable spec on a claim that is not Bound, no shrinking) and keeps a deleted claim
 * Terminating while a pod uses it. Volumes are of the sandbox's default class, which allows expansion.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppsVolumesApiTest extends VolumesApiTestSupport {

    @Override
    String storageClass() {
        return null;
    }

    @Test
    void aBiggerVolumeOnAClaimStillPendingReplacesTheClaimAndRollsOutTheNewImage() {
        String id = "pending-grow";
        // A GPU no sandbox node has: the pod is never scheduled, so its volume (WaitForFirstConsumer) stays Pending.
        store(id, "nginx:1.26", "1Gi", true);
        assertEquals(200, deploy(id).statusCode());
        await(() -> cluster.client().pods().inNamespace(NS).withLabel(AppRenderer.SERVICE_ID, id).list().getItems().stream()
                .anyMatch(p -> p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason()))), "pod unschedulable");
        PersistentVolumeClaim before = claim(id);
        assertNotEquals("Bound", phase(before));

        store(id, "nginx:1.27", "2Gi", true);
        HttpResponse<String> redeployed = deploy(id);
        assertEquals(200, redeployed.statusCode(), redeployed.body());
        assertTrue(changes(redeployed).contains("recreate PersistentVolumeClaim svc-" + id + "-mydata"), changes(redeployed));
        assertEquals("nginx:1.27", image(id), "the image change of the same document reached the Deployment");
        PersistentVolumeClaim after = claim(id);
        assertEquals("2Gi", requested(after));
        assertNotEquals(before.getMetadata().getUid(), after.getMetadata().getUid(), "a claim that holds no data is replaced");
        assertEquals(200, api.delete("/kubernetes/services/" + id + "?document=true").status());
    }

    @Test
    void aBiggerVolumeOnABoundClaimExpandsItInPlace() {
        String id = "bound-grow";
        store(id, "nginx:1.26", "1Gi", false);
        assertEquals(200, deploy(id).statusCode());
        awaitBound(id);
        String uid = claim(id).getMetadata().getUid();

        store(id, "nginx:1.27", "2Gi", false);
        HttpResponse<String> redeployed = deploy(id);
        assertEquals(200, redeployed.statusCode(), redeployed.body());
        assertTrue(changes(redeployed).contains("expand PersistentVolumeClaim svc-" + id + "-mydata"), changes(redeployed));
        assertEquals("nginx:1.27", image(id));
        assertEquals(uid, claim(id).getMetadata().getUid(), "a Bound claim keeps its data: expanded, not replaced");
        assertEquals("2Gi", requested(claim(id)));
        await(() -> "2Gi".equals(String.valueOf(claim(id).getStatus().getCapacity().get("storage"))), "capacity 2Gi");
        assertEquals(200, api.delete("/kubernetes/services/" + id + "?document=true").status());
    }

    @Test
    void aSmallerVolumeOnABoundClaimIsRefusedWith409AndNothingIsWritten() {
        String id = "bound-shrink";
        store(id, "nginx:1.26", "2Gi", false);
        assertEquals(200, deploy(id).statusCode());
        awaitBound(id);

        store(id, "nginx:1.27", "1Gi", false);
        cluster.resetRequestStats();
        HttpResponse<String> refused = deploy(id);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(error(refused).contains("mydata") && error(refused).contains("shrink"), refused.body());
        assertEquals(0, cluster.requestStats().writes(), "refused before anything is written: " + cluster.requestStats());
        assertEquals("nginx:1.26", image(id));
        assertEquals("2Gi", requested(claim(id)));
        assertEquals(200, api.delete("/kubernetes/services/" + id + "?document=true").status());
    }

    @Test
    void aVolumeStillTerminatingIsNoLongerTheServicesSoASecondDeleteIs404() {
        String id = "terminating";
        store(id, "nginx:1.26", "1Gi", false);
        assertEquals(200, deploy(id).statusCode());
        awaitBound(id);
        await(() -> !cluster.client().pods().inNamespace(NS).withLabel(AppRenderer.SERVICE_ID, id).list().getItems().isEmpty(),
                "a pod mounts the volume");

        // The simulator (the pvc-protection controller, the garbage collector) stands still: the pod keeps the claim.
        cluster.simulator().pause();
        try {
            assertEquals(200, api.delete("/kubernetes/services/" + id).status());
            PersistentVolumeClaim terminating = claim(id);
            assertNotNull(terminating, "a claim in use lingers");
            assertNotNull(terminating.getMetadata().getDeletionTimestamp());

            assertEquals(404, api.delete("/kubernetes/services/" + id).status(), "what is being deleted is not the service's any more");
            HttpResponse<String> deployed = deploy(id);
            assertEquals(409, deployed.statusCode(), deployed.body());
            assertTrue(error(deployed).contains("mydata") && error(deployed).contains("being deleted"), deployed.body());
            assertNull(deployment(id), "the refused deploy wrote nothing");
        } finally {
            cluster.simulator().resume();
        }
        await(() -> claim(id) == null, "the claim goes once no pod uses it");
        assertEquals(200, deploy(id).statusCode(), "and the service deploys again");
        assertEquals(200, api.delete("/kubernetes/services/" + id + "?document=true").status());
    }
}
