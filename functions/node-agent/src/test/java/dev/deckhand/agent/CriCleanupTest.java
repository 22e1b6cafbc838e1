package dev.deckhand.agent;

import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.AgentImageList;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.agent.testbed.CriPods;
import dev.deckhand.agent.testbed.CriTestBed;
import dev.deckhand.agent.testbed.CriTestBedExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /images/cleanup} on the test bed's containerd: what a cleanup removes, and what it never does (an image
 * a container was created from, running or exited; the agent's own image; {@code keep}), and a dry run.
 */
@ExtendWith(CriTestBedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriCleanupTest {

    private CriTestBed bed;
    private AgentUnderTest agent;
    private CriPods pods;
    private String tinyV1;
    private String tinyV2;
    private String other;
    private String registry;

    @BeforeAll
    void start(CriTestBed bed) {
        this.bed = bed;
        this.tinyV1 = bed.image(CriTestBed.TINY, "v1");
        this.tinyV2 = bed.image(CriTestBed.TINY, "v2");
        this.other = bed.image(CriTestBed.OTHER, "v1");
        this.registry = "127.0.0.1:" + bed.registryPort() + "/";
        this.agent = AgentUnderTest.start(bed.socket().toString());
        this.pods = new CriPods(bed);
    }

    @AfterEach
    void removePods() {
        pods.removeAll();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (pods != null) {
            pods.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void anImageAContainerWasCreatedFromStaysWhetherTheContainerRunsOrNot() throws Exception {
        pull(tinyV1);
        pull(tinyV2);
        pull(other);
        String running = pods.run("shop", "web-0", "web", tinyV1, true);
        pods.run("shop", "batch-0", "job", other, false);

        CleanupResult result = cleanup(Map.of("images", List.of(tinyV2, other)));

        assertEquals(List.of(), result.removed(), result.toString());
        assertEquals(0, result.bytesFreed());
        Map<String, CleanupResult.SkippedImage> skipped = byName(result.skipped());
        assertEquals("in-use", skipped.get(tinyV1).reason(), "tiny:v2 names the same image as tiny:v1");
        assertTrue(skipped.get(tinyV1).detail().contains("shop/web-0/web (" + running.substring(0, 12) + ")"),
                skipped.get(tinyV1).detail());
        assertEquals("in-use", skipped.get(other).reason(), "an exited container holds its image too");
        assertTrue(skipped.get(other).detail().contains("shop/batch-0/job"), skipped.get(other).detail());
        assertPresent(tinyV1, other);

        pods.removeAll();
        CleanupResult afterwards = cleanup(Map.of("images", List.of(tinyV2, other)));
        assertEquals(Set.of(tinyV1, tinyV2, other), names(afterwards.removed()), "once the containers are gone");
        assertAbsent(tinyV1, other);
    }

    @Test
    void theAgentsOwnImageIsNeverRemoved() {
        pull(tinyV1);
        pull(tinyV2);
        pull(other);
        try (AgentUnderTest self = AgentUnderTest.start(bed.socket().toString(), AgentUnderTest.tokenFile(AgentUnderTest.TOKEN),
                Map.of("DECKHAND_AGENT_IMAGE", tinyV2))) {
            CleanupResult result = read(self.postJson(AgentPaths.CLEANUP, "{\"images\":[\"" + registry + "\"],\"keep\":[\""
                    + bed.image(CriTestBed.PAUSE, "v1") + "\"]}"));

            assertEquals(Set.of(other), names(result.removed()), result.toString());
            CleanupResult.SkippedImage own = byName(result.skipped()).get(tinyV1);
            assertEquals("agent", own.reason(), result.toString());
            assertPresent(tinyV1);
            assertAbsent(other);
        }
        remove(tinyV1);
    }

    @Test
    void keepHoldsWhateverTheImagesRulesSay() {
        pull(tinyV1);
        pull(tinyV2);
        pull(other);

        CleanupResult result = cleanup(Map.of("images", List.of(registry), "keep",
                List.of(tinyV2, bed.image(CriTestBed.PAUSE, "v1"))));

        assertEquals(Set.of(other), names(result.removed()), result.toString());
        assertEquals("keep", byName(result.skipped()).get(tinyV1).reason());
        assertPresent(tinyV1);
        assertAbsent(other);
        remove(tinyV1);
    }

    @Test
    void aDryRunRemovesNothingAndReportsTheSizesTheRuntimeReports() {
        pull(tinyV1);
        pull(tinyV2);
        pull(other);
        Map<String, Long> sizes = agent.read(agent.get(AgentPaths.IMAGES), AgentImageList.class).images().stream()
                .filter(i -> i.repoTags().contains(tinyV1) || i.repoTags().contains(other))
                .collect(Collectors.toMap(AgentImage::id, AgentImage::size));
        assertEquals(2, sizes.size());
        assertTrue(sizes.values().stream().allMatch(s -> s > 0), sizes.toString());

        CleanupResult result = cleanup(Map.of("images", List.of(registry + CriTestBed.TINY, other), "dryRun", true));

        assertTrue(result.dryRun());
        assertEquals(Set.of(tinyV1, tinyV2, other), names(result.removed()), result.toString());
        assertEquals(sizes, result.removed().stream().collect(Collectors.toMap(CleanupResult.CleanedImage::id,
                CleanupResult.CleanedImage::size)));
        assertEquals(sizes.values().stream().mapToLong(Long::longValue).sum(), result.bytesFreed());
        assertPresent(tinyV1, tinyV2, other);
        remove(tinyV1);
        remove(other);
    }

    @Test
    void unusedForAndBadRulesAreRefusedAndRemoveNothing() {
        pull(other);
        AgentUnderTest.Response unused = agent.postJson(AgentPaths.CLEANUP, "{\"images\":[\"" + other + "\"],\"unusedFor\":\"720h\"}");
        assertEquals(400, unused.status(), unused.body());
        AgentError error = agent.read(unused, AgentError.class);
        assertEquals("INVALID_ARGUMENT", error.code());
        assertTrue(error.error().contains("no last-used time"), error.error());
        for (String body : List.of("{\"images\":\"x\"}", "{\"images\":[5]}", "{\"keep\":[\"BAD\"]}", "{\"dryRun\":\"yes\"}",
                "{\"image\":\"x\"}", "[]", "{")) {
            assertEquals(400, agent.postJson(AgentPaths.CLEANUP, body).status(), body);
        }
        assertPresent(other);
        remove(other);
    }

    // ---------------------------------------------------------------------------------------------------------

    private CleanupResult cleanup(Map<String, Object> body) {
        try {
            return read(agent.postJson(AgentPaths.CLEANUP, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private CleanupResult read(AgentUnderTest.Response response) {
        assertEquals(200, response.status(), response.body());
        return agent.read(response, CleanupResult.class);
    }

    /** Both tags of tiny name one image, which holds the tags pulled. */
    private void pull(String image) {
        AgentUnderTest.Response pulled = agent.postJson(AgentPaths.PULL, agent.imageBody(image));
        assertEquals(200, pulled.status(), pulled.body());
    }

    private void remove(String image) {
        assertEquals(200, agent.postJson(AgentPaths.REMOVE, agent.imageBody(image)).status());
    }

    private void assertPresent(String... images) {
        for (String image : images) {
            assertEquals(200, agent.status(image).status(), image + " should still be there");
        }
    }

    private void assertAbsent(String... images) {
        for (String image : images) {
            assertEquals(404, agent.status(image).status(), image + " should be gone");
        }
    }

    private static Set<String> names(List<CleanupResult.CleanedImage> images) {
        return images.stream().flatMap(i -> i.names().stream()).collect(Collectors.toSet());
    }

    /** Skipped images by each of their names. */
    private static Map<String, CleanupResult.SkippedImage> byName(List<CleanupResult.SkippedImage> skipped) {
        return skipped.stream().flatMap(s -> s.names().stream().map(n -> Map.entry(n, s)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
