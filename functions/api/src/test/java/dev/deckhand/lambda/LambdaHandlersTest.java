package dev.deckhand.lambda;

import dev.deckhand.health.HealthController;
import dev.deckhand.prewarm.PrewarmController;
import dev.deckhand.prewarm.PrewarmSettings;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every route through both Lambda handlers, with real API Gateway events, answering exactly as the HTTP server of
 * the same application does, against the sandbox cluster.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaHandlersTest implements TestPropertyProvider {

    private SandboxCluster cluster;

    @Inject
    ApplicationContext context;
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    private GatewayParity gateway;

    @Override
    public Map<String, String> getProperties() {
        // No node simulator: it changes node images in the background (agent pods pulling their image), and the two
        // answers compared must see the same cluster.
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(4).simulator(false).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @BeforeAll
    void start() {
        gateway = GatewayParity.of(context, server.getURL());
        // Every node gets its agent now, so both answers of /update/monitor below see the same cluster.
        assertEquals(200, gateway.overHttp("http/update-monitor.json").status());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    /** Each event file (the same name under events/rest and events/http) and the status both transports answer. */
    static Stream<Arguments> events() {
        return Stream.of(
                arguments("get-nodes", 200),
                arguments("get-nodes-post", 405),
                arguments("update-monitor", 200),
                arguments("update-monitor-post", 405),
                arguments("list", 200),
                arguments("list-base64", 200),
                arguments("list-malformed", 400),
                arguments("list-unknown-node", 404),
                arguments("pull", 200),
                arguments("pull-base64", 200),
                arguments("pull-malformed-base64", 400),
                arguments("pull-unknown-node", 404),
                arguments("delete", 200),
                arguments("delete-base64", 200),
                arguments("delete-malformed", 400),
                arguments("delete-unknown-node", 404),
                arguments("healthz", 200),
                arguments("healthz-post", 405),
                arguments("readyz", 200),
                arguments("readyz-delete", 405),
                arguments("unknown-route", 404),
                arguments("services-create-malformed", 400),
                arguments("services-latest-registry-image", 404),
                // The web console: open, as the page asks for the token itself.
                arguments("console-redirect", 307),
                arguments("console-page", 200),
                arguments("console-asset", 200),
                // A key given twice is refused, not read as its first or last value.
                arguments("tasks-list-repeated-limit", 400),
                arguments("list-no-body", 400));
    }

    @ParameterizedTest(name = "REST API {0} -> {1}")
    @MethodSource("events")
    void restApiAnswersAsTheHttpServer(String event, int status) {
        assertEquals(status, gateway.assertSameAnswer("rest/" + event + ".json").status());
    }

    @ParameterizedTest(name = "HTTP API {0} -> {1}")
    @MethodSource("events")
    void httpApiAnswersAsTheHttpServer(String event, int status) {
        assertEquals(status, gateway.assertSameAnswer("http/" + event + ".json").status());
    }

    /**
     * An HTTP API on a named stage puts the stage in rawPath ({@code /Prod/get/nodes}); a REST API only in
     * requestContext.path. Both are answered as the plain server answers the path without the stage.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("namedStage")
    void aNamedStageIsNotPartOfTheRoute(String event) {
        GatewayParity.Answer plain = gateway.overHttp(event.replace("-named-stage", ""));
        GatewayParity.Answer lambda = gateway.throughLambda(event);
        assertEquals(200, plain.status());
        assertEquals(plain.status(), lambda.status(), lambda.body());
        assertEquals(plain.contentType(), lambda.contentType());
        assertEquals(gateway.content(plain), gateway.content(lambda));
    }

    static Stream<String> namedStage() {
        return Stream.of("rest/get-nodes-named-stage.json", "http/get-nodes-named-stage.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repeatedKey")
    void aRepeatedQueryKeyIsA400NamingIt(String event) {
        GatewayParity.Answer answer = gateway.assertSameAnswer(event);
        assertEquals(400, answer.status());
        assertTrue(answer.body().contains("limit"), answer.body());
    }

    static Stream<String> repeatedKey() {
        return Stream.of("rest/tasks-list-repeated-limit.json", "http/tasks-list-repeated-limit.json");
    }

    @Test
    void monitorThroughLambdaProvisionsTheAgentOfANewNode() {
        cluster.addNode("node-lambda");
        assertEquals("[\"node-lambda\"]", gateway.throughLambda("rest/update-monitor.json").body());
        assertEquals("[]", gateway.throughLambda("http/update-monitor.json").body());
    }

    @Test
    void handlersStartTheApplicationThemselvesAsTheLambdaRuntimeMakesThem() {
        try (RestApiHandler rest = new RestApiHandler(); HttpApiHandler http = new HttpApiHandler()) {
            // Singletons and configuration are made when a request needs them, as the HTTP server makes them, not all
            // during the init.
            assertTrue(http.getApplicationContext().getActiveBeanRegistrations(PrewarmController.class).isEmpty());
            assertTrue(http.getApplicationContext().getActiveBeanRegistrations(PrewarmSettings.class).isEmpty());
            GatewayParity standalone = new GatewayParity(rest, http, json, server.getURL());
            assertEquals(200, standalone.assertSameAnswer("rest/healthz.json").status());
            assertEquals(200, standalone.assertSameAnswer("http/healthz.json").status());
            assertTrue(http.getApplicationContext().getActiveBeanRegistrations(PrewarmController.class).isEmpty());
            assertEquals(1, http.getApplicationContext().getActiveBeanRegistrations(HealthController.class).size());
        }
    }
}
