package dev.deckhand.agent;

import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.AgentImageList;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.api.FsInfo;
import dev.deckhand.agent.api.PullResult;
import dev.deckhand.agent.api.RemoveResult;
import dev.deckhand.agent.testbed.CriTestBed;
import dev.deckhand.agent.testbed.CriTestBedExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's HTTP API against a real containerd (CRI) pulling from a real local registry. */
@ExtendWith(CriTestBedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriImageApiTest {

    private CriTestBed bed;
    private AgentUnderTest agent;

    @BeforeAll
    void start(CriTestBed bed) {
        this.bed = bed;
        this.agent = AgentUnderTest.start(bed.socket().toString());
    }

    @AfterAll
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void testBedDaemonsAreUp() {
        assertTrue(bed.registryAlive(), () -> "registry died:\n" + bed.log("registry"));
        assertTrue(bed.containerdAlive(), () -> "containerd died:\n" + bed.log("containerd"));
    }

    @Test
    void pullAnswersTheRuntimesImageRef() {
        String image = bed.image(CriTestBed.TINY, "v1");

        AgentUnderTest.Response response = agent.postJson(AgentPaths.PULL, agent.imageBody(image));

        assertEquals(200, response.status(), response::body);
        PullResult result = agent.read(response, PullResult.class);
        assertEquals(image, result.image());
        assertTrue(result.imageRef().startsWith("sha256:"), result.imageRef());
    }

    @Test
    void listShowsEveryTagOfEveryPulledImageWithItsSize() {
        String v1 = bed.image(CriTestBed.TINY, "v1");
        String v2 = bed.image(CriTestBed.TINY, "v2");
        String other = bed.image(CriTestBed.OTHER, "v1");
        for (String image : List.of(v1, v2, other)) {
            assertEquals(200, agent.postJson(AgentPaths.PULL, agent.imageBody(image)).status());
        }

        AgentUnderTest.Response response = agent.get(AgentPaths.IMAGES);

        assertEquals(200, response.status(), response::body);
        List<AgentImage> images = agent.read(response, AgentImageList.class).images();
        AgentImage tiny = find(images, v1).orElseThrow(() -> new AssertionError(v1 + " not listed: " + response.body()));
        assertTrue(tiny.repoTags().containsAll(List.of(v1, v2)), "one image, both tags: " + tiny.repoTags());
        assertTrue(tiny.size() > 0, "size " + tiny.size());
        assertFalse(tiny.repoDigests().isEmpty());
        AgentImage second = find(images, other).orElseThrow(() -> new AssertionError(other + " not listed"));
        assertNotEquals(tiny.id(), second.id());
        assertTrue(second.size() > 0);
    }

    @Test
    void statusOfAPresentImage() {
        String image = bed.image(CriTestBed.TINY, "v1");
        assertEquals(200, agent.postJson(AgentPaths.PULL, agent.imageBody(image)).status());

        AgentUnderTest.Response response = agent.status(image);

        assertEquals(200, response.status(), response::body);
        AgentImage status = agent.read(response, AgentImage.class);
        assertTrue(status.repoTags().contains(image), status.repoTags()::toString);
        assertTrue(status.id().startsWith("sha256:"));
        assertTrue(status.size() > 0);
    }

    @Test
    void statusOfAnAbsentImageIs404() {
        String image = bed.image(CriTestBed.TINY, "never-pulled");

        AgentUnderTest.Response response = agent.status(image);

        assertEquals(404, response.status(), response::body);
        AgentError error = agent.read(response, AgentError.class);
        assertEquals("NOT_FOUND", error.code());
        assertEquals(image, error.image());
    }

    @Test
    void removeDropsTheImageAndRemovingAgainIsStillOk() {
        String image = bed.image(CriTestBed.OTHER, "v1");
        assertEquals(200, agent.postJson(AgentPaths.PULL, agent.imageBody(image)).status());
        assertEquals(200, agent.status(image).status());

        AgentUnderTest.Response removed = agent.postJson(AgentPaths.REMOVE, agent.imageBody(image));

        assertEquals(200, removed.status(), removed::body);
        assertEquals(image, agent.read(removed, RemoveResult.class).image());
        List<AgentImage> images = agent.read(agent.get(AgentPaths.IMAGES), AgentImageList.class).images();
        assertTrue(find(images, image).isEmpty(), "still listed: " + images);
        assertEquals(404, agent.status(image).status());

        AgentUnderTest.Response again = agent.postJson(AgentPaths.REMOVE, agent.imageBody(image));
        assertEquals(200, again.status(), again::body);
        assertEquals(image, agent.read(again, RemoveResult.class).image());
    }

    @Test
    void pullOfAMissingTagIs404InContainerdsWords() {
        String image = bed.image(CriTestBed.TINY, "no-such-tag");

        AgentUnderTest.Response response = agent.postJson(AgentPaths.PULL, agent.imageBody(image));

        assertEquals(404, response.status(), response::body);
        AgentError error = agent.read(response, AgentError.class);
        assertEquals("NOT_FOUND", error.code());
        assertEquals(image, error.image());
        assertTrue(error.error().contains("failed to resolve reference") && error.error().contains("not found"),
                error.error());
    }

    @Test
    void pullFromADeadRegistryIs502WithTheDialError() throws Exception {
        String image = "127.0.0.1:" + CriTestBed.freeUncommonPort() + "/deckhand/tiny:v1";

        AgentUnderTest.Response response = agent.postJson(AgentPaths.PULL, agent.imageBody(image));

        assertEquals(502, response.status(), response::body);
        AgentError error = agent.read(response, AgentError.class);
        assertEquals("UNKNOWN", error.code());
        assertEquals(image, error.image());
        assertTrue(error.error().contains("dial tcp") && error.error().contains("connection refused"), error.error());
    }

    @Test
    void malformedReferenceIs400() {
        String image = bed.image(CriTestBed.TINY, "v1") + "; touch /tmp/deckhand-pwned";

        AgentUnderTest.Response response = agent.postJson(AgentPaths.PULL, agent.imageBody(image));

        assertEquals(400, response.status(), response::body);
        AgentError error = agent.read(response, AgentError.class);
        assertEquals("INVALID_ARGUMENT", error.code());
        assertEquals(image, error.image());
        assertTrue(error.error().startsWith("image reference '" + image + "'"), error.error());
    }

    @Test
    void malformedJsonIs400() {
        AgentUnderTest.Response response = agent.postJson(AgentPaths.PULL, "{\"image\": ");

        assertEquals(400, response.status(), response::body);
        AgentError error = agent.read(response, AgentError.class);
        assertEquals("INVALID_ARGUMENT", error.code());
        assertTrue(error.error().startsWith("request body is not valid JSON"), error.error());
    }

    @Test
    void fsInfoAnswersTheImageFilesystem() {
        AgentUnderTest.Response response = agent.get(AgentPaths.FS);

        assertEquals(200, response.status(), response::body);
        FsInfo info = agent.read(response, FsInfo.class);
        assertFalse(info.imageFilesystems().isEmpty(), response.body());
        // ImageFsInfo's used bytes are sampled periodically (0 right after a pull): only the mountpoint is certain.
        assertTrue(info.imageFilesystems().get(0).mountpoint().startsWith(bed.socket().getParent().toString()),
                response.body());
        assertTrue(info.imageFilesystems().get(0).usedBytes() >= 0);
    }

    @Test
    void readyWhenTheRuntimeAnswers() {
        assertEquals(200, agent.get(AgentPaths.READYZ).status());
        assertEquals(200, agent.get(AgentPaths.HEALTHZ).status());
    }

    @Test
    void readinessFollowsTheRuntimeComingBack() throws Exception {
        // The agent starts before its runtime: the socket appears later (a symlink to the test bed's).
        Path late = bed.socket().resolveSibling("late-" + System.nanoTime() + ".sock");
        try (AgentUnderTest early = AgentUnderTest.start(late.toString())) {
            assertEquals(503, early.get(AgentPaths.READYZ).status());

            Files.createSymbolicLink(late, bed.socket());
            long start = System.nanoTime();
            int status = early.get(AgentPaths.READYZ).status();
            while (status != 200 && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
                Thread.sleep(100);
                status = early.get(AgentPaths.READYZ).status();
            }
            assertEquals(200, status, "still not ready 5 s after the socket appeared");
            assertEquals(200, early.get(AgentPaths.IMAGES).status());
        } finally {
            Files.deleteIfExists(late);
        }
    }

    private static Optional<AgentImage> find(List<AgentImage> images, String tag) {
        return images.stream().filter(i -> i.repoTags().contains(tag)).findFirst();
    }
}
