package dev.deckhand.agent.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReferenceTest {

    /** The node agent reads every reference through parse, so the shared text rule holds on the node too. */
    @Test
    void textTheSharedRuleRefusesIsNamedBeforeTheGrammarIsTried() {
        for (String reference : new String[] {"busybox\u0000", "busybox:1.36\u0085", "busy\u202ebox", "busybox\u2028",
                "\ufeffbusybox", "busybox\ud800"}) {
            InvalidImageReferenceException e = assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(reference));
            assertTrue(e.getMessage().contains(" contains "), e.getMessage());
        }
    }

    @Test
    void registryWithPortPathAndTag() {
        ImageReference ref = ImageReference.parse("192.168.1.104:5000/cloud-collaboration-platform/depd-analysis-service:0.1.4");
        assertEquals("192.168.1.104:5000", ref.registry());
        assertEquals("cloud-collaboration-platform/depd-analysis-service", ref.path());
        assertEquals("0.1.4", ref.tag());
        assertNull(ref.digest());
    }

    @Test
    void shortNameHasNoRegistryButDockerHubIsEffective() {
        ImageReference ref = ImageReference.parse("busybox");
        assertEquals("", ref.registry());
        assertEquals("docker.io", ref.effectiveRegistry());
        assertNull(ref.tag());
        assertEquals("busybox", ref.toString());
    }

    @Test
    void digestAndLocalhost() {
        String digest = "sha256:" + "a".repeat(64);
        ImageReference ref = ImageReference.parse("localhost/app@" + digest);
        assertEquals("localhost", ref.registry());
        assertEquals(digest, ref.digest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "UPPER/case:1", "app:", "app:-bad", "a//b", "app@sha256:short", "$(reboot)", "app;rm -rf /", "-app", "app:1 2", "registry.example:99999999/app:1",
            "registry.example:0/app:1", "registry.example:65536/app:1"})
    void malformedReferencesAreRefusedWithTheReason(String reference) {
        InvalidImageReferenceException e = assertThrows(InvalidImageReferenceException.class, () -> ImageReference.parse(reference));
        assertTrue(e.getMessage().startsWith("image reference '"), e.getMessage());
    }
}
