package dev.deckhand.descriptors;

import dev.deckhand.agents.AgentSettings;
import dev.deckhand.descriptors.Descriptors.Doc;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** infra/knative/service.yaml against the functions: port, probes and their answers, timeouts, autoscaling. */
class KnativeServiceTest {

    private static final String AUTOSCALING = "autoscaling.knative.dev/";

    private final Workloads workloads = Workloads.of(Descriptors.all());
    private final Doc service = workloads.knativeService();
    private final Map<String, Object> container = Workloads.container(service);

    private Map<String, String> env() {
        return Workloads.scenarioEnv(Workloads.env(service));
    }

    @Test
    void containerPortIsTheServersDefaultPort() {
        List<Map<String, Object>> ports = Yamls.maps(container.get("ports"));
        assertEquals(1, ports.size(), service.where() + ": Knative routes to exactly one containerPort");
        int port = ((Number) ports.get(0).get("containerPort")).intValue();
        try (ApplicationContext functions = Apps.context(Apps.FUNCTIONS, env(), Map.of())) {
            Integer serverPort = functions.getProperty("micronaut.server.port", Integer.class).orElse(8080);
            assertEquals(serverPort, port, service.where() + ": containerPort " + port + " is not the port the functions listen on ("
                    + serverPort + ", micronaut.server.port without SERVER_PORT or PORT)");
        }
    }

    @Test
    void environmentLeavesThePortToKnative() {
        Map<String, String> env = Workloads.env(service);
        assertFalse(env.containsKey("PORT"), service.where() + ": Knative sets PORT itself and rejects it in env");
        assertFalse(env.containsKey("SERVER_PORT"), service.where() + ": SERVER_PORT would make the server ignore the containerPort");
    }

    private String probePath(String probe) {
        Object path = Yamls.at(container, probe, "httpGet", "path");
        assertNotNull(path, service.where() + ": " + probe + " should be an httpGet probe");
        return path.toString();
    }

    @Test
    void probePathsAreRoutesTheFunctionsServe() {
        try (ApplicationContext functions = Apps.context(Apps.FUNCTIONS, env(), Map.of())) {
            Set<Routes.Route> served = Routes.served(functions);
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                Routes.Route route = new Routes.Route("GET", probePath(probe));
                assertTrue(served.contains(route), service.where() + ": " + probe + " " + route + " is not a route the functions serve " + served);
            }
        }
        int containerPort = ((Number) Yamls.maps(container.get("ports")).get(0).get("containerPort")).intValue();
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            Object port = Yamls.at(container, probe, "httpGet", "port");
            assertTrue(port == null || port instanceof Number n && n.intValue() == containerPort, service.where() + ": " + probe
                    + " port " + port + ": Knative accepts only the containerPort " + containerPort);
        }
        assertEquals("/readyz", probePath("readinessProbe"), "readiness should ask whether the API server answers (/readyz)");
        assertEquals("/healthz", probePath("livenessProbe"), "liveness should ask whether the process answers (/healthz)");
    }

    @Test
    void probesAnswer200WhenTheClusterAnswers() {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).build());
             ApplicationContext functions = Apps.functionsServer(env(), Apps.onSandbox(cluster, KubernetesManifestsTest.agentNamespace(workloads)))) {
            Http http = new Http(Apps.url(functions), new HashSet<>());
            http.expect(200, "GET", probePath("readinessProbe"), null);
            http.expect(200, "GET", probePath("livenessProbe"), null);
        }
    }

    @Test
    void readinessFailsWithA503AndLivenessHoldsWhenTheClusterIsUnreachable() {
        try (ApplicationContext functions = Apps.functionsServer(env(), Apps.onDeadCluster())) {
            Http http = new Http(Apps.url(functions), new HashSet<>());
            http.expect(503, "GET", probePath("readinessProbe"), null);
            http.expect(200, "GET", probePath("livenessProbe"), null);
        }
    }

    @Test
    void requestTimeoutOutlastsAPull() {
        long timeout = Durations.seconds(Yamls.at(service.body(), "spec", "template", "spec", "timeoutSeconds"), service.where() + " timeoutSeconds");
        try (ApplicationContext functions = Apps.context(Apps.FUNCTIONS, env(), Map.of())) {
            AgentSettings agents = functions.getBean(AgentSettings.class);
            Duration longest = agents.pullTimeout().compareTo(agents.callTimeout()) > 0 ? agents.pullTimeout() : agents.callTimeout();
            assertTrue(timeout > longest.toSeconds(), service.where() + ": timeoutSeconds " + timeout
                    + " should exceed deckhand.agent.pull-timeout (" + longest.toSeconds() + " s), or Knative cuts long pulls");
        }
    }

    @Test
    void autoscalingIsBounded() {
        Map<String, Object> annotations = Yamls.map(Yamls.at(service.body(), "spec", "template", "metadata", "annotations"));
        Object concurrency = Yamls.at(service.body(), "spec", "template", "spec", "containerConcurrency");
        assertTrue(concurrency instanceof Number n && n.intValue() > 0, service.where() + ": set containerConcurrency (a hard limit per pod)");
        int hard = ((Number) concurrency).intValue();
        for (String key : List.of("min-scale", "max-scale", "target")) {
            assertNotNull(annotations.get(AUTOSCALING + key), service.where() + ": annotation " + AUTOSCALING + key + " on the revision template");
        }
        int min = Integer.parseInt(annotations.get(AUTOSCALING + "min-scale").toString());
        int max = Integer.parseInt(annotations.get(AUTOSCALING + "max-scale").toString());
        int target = Integer.parseInt(annotations.get(AUTOSCALING + "target").toString());
        assertTrue(0 <= min && min <= max && max > 0, service.where() + ": min-scale " + min + " / max-scale " + max);
        assertTrue(target > 0 && target <= hard, service.where() + ": target " + target + " should be within containerConcurrency " + hard);
    }

    @Test
    void securityContextAndResources() {
        List<String> problems = KubernetesManifestsTest.restrictedViolations(service.where(), Workloads.podSpec(service));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void imageIsTheFunctionsBuild() {
        KubernetesManifestsTest.assertImageRuns(service, Apps.FUNCTIONS);
    }
}
