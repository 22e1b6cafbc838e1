package dev.deckhand.prewarm;

import dev.deckhand.rollout.NodeRollout;
import dev.deckhand.rollout.RolloutStrategy;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrewarmValidationTest {

    private static final PrewarmSettings SETTINGS = PrewarmSettings.defaults();

    private static NewPrewarmTask request(List<String> images, Integer batchSize, Map<String, String> selector) {
        return new NewPrewarmTask(images, batchSize, selector, null, null, null, null);
    }

    private static PrewarmValidationException invalid(NewPrewarmTask request) {
        return assertThrows(PrewarmValidationException.class, () -> PrewarmValidation.validate(request, SETTINGS));
    }

    @Test
    void theSeedsRequestIsValidAndDefaultsAreFilledIn() {
        PrewarmSpec spec = PrewarmValidation.validate(request(List.of("nginx:latest", "redis:7"), null, null), SETTINGS);
        assertEquals(List.of("nginx:latest", "redis:7"), spec.images());
        assertEquals(10, spec.batchSize());
        assertEquals(Map.of(), spec.nodeSelector());
        assertEquals("agent", spec.mode());
        assertFalse(spec.followSelector());
        assertFalse(spec.cancelled());
    }

    @Test
    void imagesAreRequiredCappedUniqueAndValidReferences() {
        assertEquals("images", invalid(request(null, 10, null)).field());
        assertEquals("images", invalid(request(List.of(), 10, null)).field());
        List<String> many = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "app:" + i).toList();
        PrewarmValidationException tooMany = invalid(request(many, 10, null));
        assertEquals("images", tooMany.field());
        assertTrue(tooMany.getMessage().contains("at most 20"), tooMany.getMessage());
        PrewarmValidationException bad = invalid(request(List.of("nginx:1", "Upper/Case:1"), 10, null));
        assertEquals("images[1]", bad.field());
        assertTrue(bad.getMessage().startsWith("images[1]: image reference 'Upper/Case:1'"), bad.getMessage());
        assertEquals("images[1]", invalid(request(List.of("nginx:1", "nginx:1"), 10, null)).field());
        assertEquals("images[0]", invalid(request(Arrays.asList((String) null), 10, null)).field());
        assertEquals("images[0]", invalid(request(List.of(" "), 10, null)).field());
    }

    @Test
    void batchSizeIsFromOneToTheCap() {
        assertEquals(1, PrewarmValidation.validate(request(List.of("a:1"), 1, null), SETTINGS).batchSize());
        assertEquals(500, PrewarmValidation.validate(request(List.of("a:1"), 500, null), SETTINGS).batchSize());
        assertEquals("batchSize", invalid(request(List.of("a:1"), 0, null)).field());
        assertEquals("batchSize", invalid(request(List.of("a:1"), 501, null)).field());
        assertEquals("batchSize", invalid(request(List.of("a:1"), -3, null)).field());
    }

    @Test
    void selectorKeysAndValuesMustBeLabelSyntax() {
        Map<String, String> ok = Map.of("kubernetes.io/hostname", "node-1", "workload", "compute", "empty", "",
                "topology.kubernetes.io/zone", "zone-a_1.x");
        assertEquals(ok, PrewarmValidation.validate(request(List.of("a:1"), 1, ok), SETTINGS).nodeSelector());
        for (String key : List.of("bad key", "-x", "x-", "/x", "Prefix.IO/x", "a".repeat(64), "a/b/c", "")) {
            assertEquals("nodeSelector", invalid(request(List.of("a:1"), 1, Map.of(key, "v"))).field(), key);
        }
        for (String value : List.of("bad value", "x,y=z", "-x", "a".repeat(64), "é")) {
            assertEquals("nodeSelector", invalid(request(List.of("a:1"), 1, Map.of("k", value))).field(), value);
        }
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        assertEquals("nodeSelector", invalid(request(List.of("a:1"), 1, nullValue)).field());
    }

    @Test
    void modeAndPullSecrets() {
        assertEquals("mode", invalid(new NewPrewarmTask(List.of("a:1"), 1, null, null, null, "pod", null)).field());
        PrewarmSpec job = PrewarmValidation.validate(
                new NewPrewarmTask(List.of("a:1"), 1, null, true, List.of("regcred", "regcred", "other.cred"), "job", null), SETTINGS);
        assertEquals("job", job.mode());
        assertTrue(job.followSelector());
        assertEquals(List.of("regcred", "other.cred"), job.imagePullSecrets());
        assertEquals("imagePullSecrets", invalid(new NewPrewarmTask(List.of("a:1"), 1, null, null, List.of("regcred"), null, null)).field(),
                "agent mode cannot use pull secrets");
        assertEquals("imagePullSecrets[0]",
                invalid(new NewPrewarmTask(List.of("a:1"), 1, null, null, List.of("Bad_Name"), "job", null)).field());
        assertEquals("imagePullSecrets[0]",
                invalid(new NewPrewarmTask(List.of("a:1"), 1, null, null, Collections.singletonList(null), "job", null)).field());
    }

    @Test
    void strategyIsBatchUnlessWindowIsAskedForAndNothingElseIsAccepted() {
        assertEquals("batch", PrewarmValidation.validate(request(List.of("a:1"), 2, null), SETTINGS).strategy());
        PrewarmSpec window = PrewarmValidation.validate(
                new NewPrewarmTask(List.of("a:1"), 2, null, null, null, "job", "window"), SETTINGS);
        assertEquals(RolloutStrategy.WINDOW, window.rolloutStrategy());
        assertEquals(new NodeRollout(RolloutStrategy.WINDOW, 2), window.rollout());
        for (String bad : List.of("rolling", "Window", "", " batch")) {
            PrewarmValidationException e = invalid(new NewPrewarmTask(List.of("a:1"), 2, null, null, null, null, bad));
            assertEquals("strategy", e.field());
            assertEquals("strategy must be \"batch\" or \"window\", got \"" + bad + "\"", e.getMessage());
        }
    }

    @Test
    void aTaskStoredWithoutStrategyRunsInBatches() {
        PrewarmSpec old = new PrewarmSpec(List.of("a:1"), 2, null, false, null, "agent", null, null, false, null);
        assertEquals(RolloutStrategy.BATCH, old.rolloutStrategy());
        assertEquals(null, old.withCancel("2026-01-16T15:12:34Z").strategy());
    }

    @Test
    void taskIdsHaveTheSeedsFormat() {
        String id = TaskIds.newId(java.time.Instant.parse("2026-01-16T15:12:34.999Z"));
        assertTrue(id.matches("task-20260116-151234-[0-9a-f]{8}"), id);
        assertTrue(TaskIds.isValid(id));
        assertFalse(TaskIds.isValid("task-20260116-151234-A1B2C3D4"));
        assertFalse(TaskIds.isValid("../secrets"));
        assertFalse(TaskIds.isValid(null));
    }
}
