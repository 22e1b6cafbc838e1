package dev.deckhand.agent.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CleanupRulesTest {

    private static final AgentImage NGINX = new AgentImage("sha256:aa", List.of("docker.io/library/nginx:1.27"),
            List.of("docker.io/library/nginx@sha256:" + "1".repeat(64)), 100);
    private static final AgentImage APP = new AgentImage("sha256:bb", List.of("registry.example/team/app:3",
            "registry.example/team/app:latest"), List.of(), 200);
    private static final AgentImage TOOL = new AgentImage("sha256:cc", List.of("registry.example/team/app/tool:1"), List.of(), 300);
    private static final AgentImage OTHER = new AgentImage("sha256:dd", List.of("registry.example/teamb/x:1"), List.of(), 400);
    private static final AgentImage UNTAGGED = new AgentImage("sha256:ee", List.of(),
            List.of("registry.example/team/old@sha256:" + "2".repeat(64)), 500);
    private static final List<AgentImage> ALL = List.of(NGINX, APP, TOOL, OTHER, UNTAGGED);

    @Test
    void shortNamesMatchTheFullyQualifiedNamesRuntimesReport() {
        assertTrue(ImageRule.parse("nginx:1.27").matches(NGINX));
        assertTrue(ImageRule.parse("docker.io/library/nginx").matches(NGINX));
        assertTrue(ImageRule.parse("nginx@sha256:" + "1".repeat(64)).matches(NGINX));
        assertFalse(ImageRule.parse("nginx:1.26").matches(NGINX));
        assertFalse(ImageRule.parse("library/nginx:1.26").matches(NGINX));
    }

    @Test
    void aRepositoryMatchesItselfAndWhatIsUnderItAndATrailingSlashIsAPrefix() {
        ImageRule repository = ImageRule.parse("registry.example/team/app");
        assertTrue(repository.matches(APP));
        assertTrue(repository.matches(TOOL));
        assertFalse(repository.matches(OTHER));
        ImageRule team = ImageRule.parse("registry.example/team/");
        assertTrue(team.matches(APP));
        assertTrue(team.matches(UNTAGGED));
        assertFalse(team.matches(OTHER), "teamb is not under team/");
        assertTrue(ImageRule.parse("registry.example/").matches(OTHER));
        assertFalse(ImageRule.parse("registry.example/").matches(NGINX));
    }

    @Test
    void inUseAgentKeepAndPinnedImagesAreLeftWithTheirReason() {
        CleanupRules rules = CleanupRules.of(List.of("registry.example/"), List.of("registry.example/team/app/tool"), null);
        CleanupRules.Decision decision = rules.decide(ALL, Set.of("sha256:ee"),
                Map.of("sha256:dd", List.of("shop/web-0/web")), ImageRule.parse("registry.example/team/app:3"));

        assertEquals(List.of(), decision.remove(), "nginx is not selected, the rest is held");
        assertEquals(List.of(CleanupRules.AGENT, CleanupRules.KEEP, CleanupRules.IN_USE, CleanupRules.PINNED),
                decision.skipped().stream().map(CleanupResult.SkippedImage::reason).toList());
        assertTrue(decision.skipped().get(2).detail().contains("shop/web-0/web"));
        assertEquals(List.of(UNTAGGED.repoDigests().get(0)), decision.skipped().get(3).names(), "digests when untagged");

        CleanupRules.Decision everything = CleanupRules.of(List.of(), List.of(), null).decide(ALL, Set.of(), Map.of(), null);
        assertEquals(ALL, everything.remove());
    }

    @Test
    void badEntriesAndUnusedForAreRefusedNamingTheField() {
        CleanupRuleException bad = assertThrows(CleanupRuleException.class,
                () -> CleanupRules.of(List.of("nginx", "BAD"), List.of(), null));
        assertEquals("images[1]", bad.field());
        assertEquals("keep[0]", assertThrows(CleanupRuleException.class,
                () -> CleanupRules.of(List.of(), List.of("x:1@bad"), null)).field());
        assertEquals("keep[1]", assertThrows(CleanupRuleException.class,
                () -> CleanupRules.of(List.of(), List.of("a", "a"), null)).field());
        CleanupRuleException unused = assertThrows(CleanupRuleException.class,
                () -> CleanupRules.of(List.of(), List.of(), "720h"));
        assertEquals("unusedFor", unused.field());
        assertTrue(unused.getMessage().contains("no last-used time"), unused.getMessage());
        assertTrue(assertThrows(CleanupRuleException.class, () -> CleanupRules.of(List.of(), List.of(), "a month"))
                .getMessage().contains("not a duration"));
    }
}
