package dev.deckhand.apps;

import dev.deckhand.sandbox.StorageClasses;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Volumes of a storage class without {@code allowVolumeExpansion}: a Bound one cannot grow. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppsFixedVolumesApiTest extends VolumesApiTestSupport {

    @Override
    String storageClass() {
        return StorageClasses.FIXED;
    }

    @Test
    void aBiggerVolumeOnABoundClaimOfAClassWithoutExpansionIsRefusedWith409AndNothingIsWritten() {
        String id = "fixed-grow";
        store(id, "nginx:1.26", "1Gi", false);
        assertEquals(200, deploy(id).statusCode());
        awaitBound(id);
        assertEquals(StorageClasses.FIXED, claim(id).getSpec().getStorageClassName());

        store(id, "nginx:1.27", "2Gi", false);
        cluster.resetRequestStats();
        HttpResponse<String> refused = deploy(id);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(error(refused).contains("mydata") && error(refused).contains(StorageClasses.FIXED), refused.body());
        assertEquals(0, cluster.requestStats().writes(), "refused before anything is written: " + cluster.requestStats());
        assertEquals("nginx:1.26", image(id), "not half-applied: the Deployment is as it was");
        assertEquals("1Gi", requested(claim(id)));

        // Back to the size it has: the image change deploys.
        store(id, "nginx:1.27", "1Gi", false);
        assertEquals(200, deploy(id).statusCode());
        assertEquals("nginx:1.27", image(id));
        assertEquals(200, api.delete("/kubernetes/services/" + id + "?document=true").status());
    }
}
