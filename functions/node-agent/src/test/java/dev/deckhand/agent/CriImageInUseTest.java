package dev.deckhand.agent;

import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.testbed.CriPods;
import dev.deckhand.agent.testbed.CriTestBed;
import dev.deckhand.agent.testbed.CriTestBedExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image that a running container uses is not removed without {@code force}: the container is run the way the
 * kubelet runs one, through CRI (a pod sandbox on the host network, so no CNI is needed, then a container in it), on
 * the test bed's containerd.
 */
@ExtendWith(CriTestBedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriImageInUseTest {

    private CriTestBed bed;
    private AgentUnderTest agent;
    private CriPods pods;

    @BeforeAll
    void start(CriTestBed bed) {
        this.bed = bed;
        this.agent = AgentUnderTest.start(bed.socket().toString());
        this.pods = new CriPods(bed);
    }

    @AfterAll
    void stop() throws InterruptedException {
        try {
            if (pods != null) {
                pods.close();
            }
        } finally {
            if (agent != null) {
                agent.close();
            }
        }
    }

    @Test
    void aRunningContainersImageIsRefusedNamingItUnlessForced() throws Exception {
        String v1 = bed.image(CriTestBed.TINY, "v1");
        String v2 = bed.image(CriTestBed.TINY, "v2");
        pull(v1);
        pull(v2);
        String container = pods.run("shop", "web-0", "web", v1, true);

        AgentUnderTest.Response refused = agent.postJson(AgentPaths.REMOVE, agent.imageBody(v1));

        assertEquals(409, refused.status(), refused.body());
        AgentError error = agent.read(refused, AgentError.class);
        assertEquals("FAILED_PRECONDITION", error.code());
        assertEquals(v1, error.image());
        assertTrue(error.error().contains("shop/web-0/web (" + container.substring(0, 12) + ")"), error.error());
        assertTrue(error.error().contains("force=true"), error.error());
        assertEquals(200, agent.status(v1).status(), "the image is still there");
        // Another tag of the same image is the same image.
        assertEquals(409, agent.postJson(AgentPaths.REMOVE, agent.imageBody(v2)).status());
        assertEquals(400, agent.postJson(AgentPaths.REMOVE + "?force=yes", agent.imageBody(v1)).status());

        AgentUnderTest.Response forced = agent.postJson(AgentPaths.REMOVE + "?force=true", agent.imageBody(v1));

        assertEquals(200, forced.status(), forced.body());
        assertEquals(404, agent.status(v1).status());
        assertEquals(404, agent.status(v2).status(), "removed with all its tags");
    }

    @Test
    void aStoppedContainerDoesNotHoldItsImage() throws Exception {
        String image = bed.image(CriTestBed.OTHER, "v1");
        pull(image);
        pods.run("shop", "batch-0", "job", image, false);

        AgentUnderTest.Response removed = agent.postJson(AgentPaths.REMOVE, agent.imageBody(image));

        assertEquals(200, removed.status(), removed.body());
        assertEquals(404, agent.status(image).status());
    }

    private void pull(String image) {
        AgentUnderTest.Response pulled = agent.postJson(AgentPaths.PULL, agent.imageBody(image));
        assertEquals(200, pulled.status(), pulled.body());
    }
}
