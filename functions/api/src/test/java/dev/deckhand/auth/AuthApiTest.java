package dev.deckhand.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may call what: no or a bad token is a 401, the wrong role a 403, both as JSON; mutating calls are audited. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthApiTest implements TestPropertyProvider {

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).controlPlane(false).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private ApiTestSupport api(String token) {
        return new ApiTestSupport(server.getURL(), json).as(token);
    }

    /** One call of each admin route family: read, write, list and prewarm. */
    private List<ApiTestSupport.Answer> adminRoutes(ApiTestSupport api) {
        return List.of(api.get("/get/nodes"), api.get("/update/monitor"),
                api.post("/list", "{\"node_name\":\"node-1\"}"),
                api.post("/delete", "{\"node_name\":\"node-1\",\"image\":\"busybox:1.36\"}"),
                api.get("/api/v1/tasks"), api.post("/api/v1/tasks", "{\"images\":[\"busybox:1.36\"]}"),
                api.get("/prometheus"));
    }

    private static void assertError(int status, ApiTestSupport.Answer answer) {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        assertTrue(answer.text("error") != null && !answer.text("error").isBlank(), answer.body());
    }

    @Test
    void tokensWithoutExpOrSubjectOrWithTimesBeyondTheRulesAre401Json() {
        long now = Instant.now().getEpochSecond();
        Map<String, Map<String, Object>> refused = new java.util.LinkedHashMap<>();
        refused.put("no exp", Map.of("sub", "alice", "iat", now));
        refused.put("no sub", Map.of("iat", now, "exp", now + 600));
        refused.put("empty sub", Map.of("sub", "", "iat", now, "exp", now + 600));
        refused.put("blank sub", Map.of("sub", "   ", "iat", now, "exp", now + 600));
        refused.put("expired", Map.of("sub", "alice", "iat", now - 7200, "exp", now - 3600));
        refused.put("nbf beyond the skew", Map.of("sub", "alice", "iat", now, "nbf", now + 120, "exp", now + 600));
        refused.put("iat beyond the skew", Map.of("sub", "alice", "iat", now + 120, "exp", now + 600));
        refused.put("lifetime over 24 h", Map.of("sub", "alice", "iat", now, "exp", now + 25 * 3600));
        refused.put("no iat and exp over 24 h away", Map.of("sub", "alice", "exp", now + 25 * 3600));
        refused.put("a year-long token issued an hour ago", Map.of("sub", "alice", "iat", now - 3600, "exp", now + 365L * 86400));
        refused.forEach((what, claims) -> {
            ApiTestSupport.Answer answer = api(TestTokens.signed(claims)).get("/get/nodes");
            assertEquals(401, answer.status(), what + ": " + answer.body());
            assertTrue(answer.contentType().startsWith("application/json"), what);
            assertTrue(answer.text("error").startsWith("Unauthorized"), what + ": " + answer.body());
        });
        Map<String, Map<String, Object>> accepted = new java.util.LinkedHashMap<>();
        accepted.put("plain", Map.of("sub", "alice", "iat", now, "exp", now + 600));
        accepted.put("nbf and iat within the skew", Map.of("sub", "alice", "iat", now + 30, "nbf", now + 30, "exp", now + 600));
        accepted.put("exactly 24 h", Map.of("sub", "alice", "iat", now, "exp", now + 24 * 3600));
        accepted.put("no iat, short", Map.of("sub", "alice", "exp", now + 600));
        accepted.forEach((what, claims) -> assertEquals(200, api(TestTokens.signed(claims)).get("/get/nodes").status(), what));
    }

    @Test
    void withoutATokenEveryRouteButTheProbesIs401() {
        for (ApiTestSupport.Answer answer : adminRoutes(api(null))) {
            assertError(401, answer);
            assertTrue(answer.text("error").contains("Authorization: Bearer"), "says what is missing: " + answer.body());
        }
        assertEquals(200, api(null).get("/healthz").status());
        assertEquals(200, api(null).get("/readyz").status());
        assertEquals(0, cluster.client().genericKubernetesResources(new ResourceDefinitionContext.Builder()
                        .withGroup("deckhand.dev").withVersion("v1").withPlural("prewarmtasks").withKind("PrewarmTask")
                        .withNamespaced(true).build())
                .inAnyNamespace().list().getItems().size(), "the refused POST wrote nothing");
    }

    @Test
    void aBadTokenIs401() {
        String otherSecret = SharedSecretTokens.sign("some-other-secret-that-is-long-enough-000", "mallory",
                List.of(Roles.ADMIN), Map.of(), Duration.ofHours(1));
        String expired = SharedSecretTokens.sign(TestTokens.SECRET, "late", List.of(Roles.ADMIN), Map.of(),
                Duration.ofMinutes(-10));
        for (String token : List.of(otherSecret, expired, "not-a-jwt", TestTokens.admin() + "x")) {
            assertError(401, api(token).get("/get/nodes"));
        }
    }

    @Test
    void theWrongRoleIs403AndAdminMayCallEverything() {
        for (String token : List.of(TestTokens.tenant("tenant-a"), TestTokens.deployer(),
                TestTokens.of("nobody", List.of(), Map.of()))) {
            for (ApiTestSupport.Answer answer : adminRoutes(api(token))) {
                assertError(403, answer);
            }
        }
        ApiTestSupport admin = api(TestTokens.admin());
        assertEquals(200, admin.get("/get/nodes").status());
        assertEquals(200, admin.get("/prometheus").status());
    }

    @Test
    void aTenantReachesItsOwnTenantOnlyAndLearnsNothingOfOthers() {
        ApiTestSupport tenantA = api(TestTokens.tenant("tenant-a"));
        assertEquals(200, tenantA.get("/pods?tenant=tenant-a").status());
        ApiTestSupport.Answer other = tenantA.get("/pods?tenant=tenant-b");
        ApiTestSupport.Answer missing = tenantA.get("/pods?tenant=no-such-tenant");
        assertError(403, other);
        assertError(403, missing);
        assertEquals(other.body(), missing.body(), "an existing and a missing tenant are refused alike");
        assertError(403, tenantA.post("/pods", "{\"tenant\":\"tenant-b\",\"cmd\":\"ls\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/d\"}]}"));
        assertEquals(0, cluster.client().batch().v1().jobs().inNamespace("tenant-b").list().getItems().size(),
                "nothing was created in the other tenant's namespace");
        assertError(403, tenantA.delete("/pods?tenant=tenant-b&name=job-tenant-b-0123456789"));
        // Templates are the platform's to set.
        assertError(403, tenantA.put("/pods/template?tenant=tenant-a", "application/yaml", "kind: Job"));
        assertError(403, api(TestTokens.of("no-claim", List.of(Roles.TENANT), Map.of())).get("/pods?tenant=tenant-a"));
        assertError(403, tenantA.get("/kubernetes/services/web"));
        assertError(403, tenantA.get("/services"));
    }

    @Test
    void aDeployerDeploysAndNothingElse() {
        ApiTestSupport deployer = api(TestTokens.deployer());
        assertEquals(404, deployer.get("/kubernetes/services/not-deployed").status(), "past security: the route answers");
        assertError(403, deployer.get("/pods?tenant=tenant-a"));
        assertError(403, deployer.get("/services"));
        assertError(403, deployer.get("/get/nodes"));
    }

    @Test
    void everyMutatingCallIsAuditedWithWhoWhatAndResultAndNoTokenIsLogged() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        String token = TestTokens.of("alice", List.of(Roles.ADMIN), Map.of());
        try {
            assertEquals(200, api(token).post("/list", "{\"node_name\":\"node-2\"}").status());
            assertEquals(401, api(null).post("/pull", "{\"node_name\":\"node-2\",\"image\":\"busybox:1.36\"}").status());
            api(token).get("/get/nodes");
        } finally {
            root.detachAppender(appender);
        }
        List<String> audit = appender.list.stream().filter(e -> e.getLoggerName().equals("deckhand.audit"))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of("who=alice [admin] what=\"POST /list\" status=200",
                "who=anonymous what=\"POST /pull\" status=401"), audit, "GETs are not audited");
        for (ILoggingEvent event : appender.list) {
            assertFalse(event.getFormattedMessage().contains(token), "a token in the log: " + event.getFormattedMessage());
        }
    }
}
