package dev.deckhand.sandbox;

import dev.deckhand.agent.api.InvalidImageReferenceException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagesTest {

    @Test
    void normalizesLikeContainerd() {
        assertEquals("docker.io/library/busybox:latest", Images.normalize("busybox").canonical());
        assertEquals("docker.io/library/busybox:1.36", Images.normalize("library/busybox:1.36").canonical());
        assertEquals("docker.io/repo/x:1", Images.normalize("repo/x:1").canonical());
        assertEquals("quay.io/prometheus/node-exporter:v1.8.2",
                Images.normalize("quay.io/prometheus/node-exporter:v1.8.2").canonical());
        assertEquals("localhost:5000/app:dev", Images.normalize("localhost:5000/app:dev").canonical());
        String digest = "sha256:" + "a".repeat(64);
        Images.Normalized byDigest = Images.normalize("alpine@" + digest);
        assertEquals("docker.io/library/alpine@" + digest, byDigest.canonical());
        assertEquals(null, byDigest.tag());
        assertEquals(digest, Images.digest(byDigest));
    }

    @Test
    void imagesAreDeterministicAndSized5To200Megabytes() {
        Images.Normalized a = Images.normalize("busybox");
        assertEquals(Images.imageId(a), Images.imageId(Images.normalize("docker.io/library/busybox:latest")));
        assertNotEquals(Images.imageId(a), Images.imageId(Images.normalize("busybox:1.36")));
        assertTrue(Images.imageId(a).matches("sha256:[0-9a-f]{64}"));
        for (String ref : new String[] {"a", "b/c:1", "quay.io/x/y:z", "nginx:1.27", "redis"}) {
            long size = Images.size(Images.normalize(ref));
            assertTrue(size >= 5L * 1024 * 1024 && size < 200L * 1024 * 1024, ref + " " + size);
            assertEquals(size, Images.size(Images.normalize(ref)));
        }
    }

    @Test
    void reservedFailures() {
        Images.PullFailure dns = Images.pullFailure(Images.normalize("fail.invalid/app:1")).orElseThrow();
        assertEquals("UNKNOWN", dns.code());
        assertEquals("failed to pull and unpack image \"fail.invalid/app:1\": failed to resolve reference "
                + "\"fail.invalid/app:1\": failed to do request: Head \"https://fail.invalid/v2/app/manifests/1\": "
                + "dial tcp: lookup fail.invalid: no such host", dns.message());
        assertEquals("UNKNOWN", Images.pullFailure(Images.normalize("mirror.fail.invalid:5000/a/b")).orElseThrow().code());

        Images.PullFailure missing = Images.pullFailure(Images.normalize("x/y:missing")).orElseThrow();
        assertEquals("NOT_FOUND", missing.code());
        assertTrue(missing.message().endsWith("docker.io/x/y:missing: not found"), missing.message());
        assertTrue(Images.pullFailure(Images.normalize("x/y:v2-missing")).isPresent());

        assertTrue(Images.pullFailure(Images.normalize("busybox:1.36")).isEmpty());
        assertTrue(Images.pullFailure(Images.normalize("invalid.example/app:1")).isEmpty());
    }

    @Test
    void malformedReferencesAreRejected() {
        assertThrows(InvalidImageReferenceException.class, () -> Images.normalize("UPPER/case"));
        assertThrows(InvalidImageReferenceException.class, () -> Images.normalize("a:b:c"));
        assertThrows(InvalidImageReferenceException.class, () -> Images.normalize(""));
    }

    @Test
    void imageIdsAreRecognised() {
        assertTrue(Images.looksLikeImageId("sha256:" + "0".repeat(64)));
        assertTrue(Images.looksLikeImageId("f".repeat(64)));
        assertTrue(!Images.looksLikeImageId("busybox"));
    }
}
