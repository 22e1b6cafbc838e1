package dev.deckhand.lambda;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Seed 003's tenant job routes through both Lambda handlers (query strings included), answering exactly as the HTTP
 * server does, against the sandbox with its demo tenants. The simulator is off, so both answers see the same Jobs.
 */
@MicronautTest
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class TenantJobsLambdaTest implements TestPropertyProvider {

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
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).simulator(false).build());
        return Map.of("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString());
    }

    @BeforeAll
    void start() {
        gateway = GatewayParity.of(context, server.getURL());
        // The job that pods-create-again asks for again, so both transports answer "created": false.
        GatewayParity.Answer first = gateway.overHttp("http/pods-create-again.json");
        assertEquals(200, first.status(), first.body());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    static Stream<Arguments> events() {
        return Stream.of(
                arguments("pods-list", 200),
                arguments("pods-unknown-tenant", 404),
                arguments("pods-create-again", 200),
                arguments("pods-create-relative-mount", 400),
                arguments("pods-template", 200));
    }

    @ParameterizedTest(name = "REST API {0} -> {1}")
    @MethodSource("events")
    void restApiAnswersAsTheHttpServer(String event, int status) {
        GatewayParity.Answer answer = gateway.assertSameAnswer("rest/" + event + ".json");
        assertEquals(status, answer.status(), answer.body());
        if (event.equals("pods-list")) {
            assertTrue(answer.body().contains("\"name\":\"job-tenant-a-"), answer.body());
        }
    }

    @ParameterizedTest(name = "HTTP API {0} -> {1}")
    @MethodSource("events")
    void httpApiAnswersAsTheHttpServer(String event, int status) {
        GatewayParity.Answer answer = gateway.assertSameAnswer("http/" + event + ".json");
        assertEquals(status, answer.status(), answer.body());
    }
}
