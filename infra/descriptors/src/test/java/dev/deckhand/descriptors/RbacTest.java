package dev.deckhand.descriptors;

import dev.deckhand.agents.AgentNaming;
import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.descriptors.Descriptors.Doc;
import dev.deckhand.cleanup.CleanupService;
import dev.deckhand.cleanup.NewCleanupTask;
import dev.deckhand.prewarm.NewPrewarmTask;
import dev.deckhand.prewarm.PrewarmService;
import dev.deckhand.reconciler.ReconcilePass;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RBAC of infra/k8s against the Kubernetes calls the code makes. The functions and the reconciler run
 * representative scenarios on the sandbox cluster (every route over HTTP; passes that create, delete agents of
 * a node that left, and roll out changed templates), configured with their descriptors' environment; every API
 * request is recorded (verb, group, resource, namespace, name). Then, per identity the descriptors deploy them
 * as (service account, and the Kubernetes groups EKS maps their Lambda role to), the bound roles must grant
 * every recorded call and nothing that was not recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RbacTest {

    private static final String UPGRADED_AGENT_IMAGE = "deckhand/node-agent:descriptors-test-upgrade";
    private static final String STALE = "descriptors-test-stale";

    /** What one side ran: the calls with namespace and name, the sandbox's own accounting, the routes called. */
    record Recorded(List<ApiCall> calls, Map<String, Long> sandboxCounts, Set<Routes.Route> routesCalled) {
    }

    private final Descriptors descriptors = Descriptors.all();
    private final Workloads workloads = Workloads.of(descriptors);
    private final Rbac rbac = new Rbac(descriptors);
    private Recorded functions;
    private Recorded reconciler;
    private Set<Routes.Route> served;
    private Set<Routes.Route> sensitive;
    private final List<String> sensitiveAnswers = new ArrayList<>();

    @BeforeAll
    void runTheScenarios() {
        try (ApplicationContext context = Apps.context(Apps.FUNCTIONS, Map.of(), Map.of())) {
            served = Routes.served(context);
            sensitive = Routes.sensitive(context);
        }
        functions = recordFunctions();
        reconciler = recordReconciler();
        System.out.println(table());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scenarios

    private Recorded recordFunctions() {
        Doc service = workloads.knativeService();
        Map<String, String> env = Workloads.scenarioEnv(Workloads.env(service));
        String ns = env.get("K8S_NAMESPACE");
        List<ApiCall> calls = new ArrayList<>();
        Set<Routes.Route> routes = new TreeSet<>();
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build())) {
            cluster.resetRequestStats();
            List<ApiCallRecorder> recorders = new ArrayList<>();
            try (ApplicationContext fx = Apps.functionsServer(env, Apps.onSandbox(cluster, ns))) {
                recorders.add(ApiCallRecorder.install(fx));
                Http http = new Http(Apps.url(fx), routes);
                http.expect(200, "GET", "/healthz", null);
                http.expect(200, "GET", "/readyz", null);
                http.expect(200, "GET", "/get/nodes", null);
                http.expect(200, "GET", "/update/monitor", null);
                http.expect(200, "POST", "/list", "{\"node_name\":\"node-2\"}");
                http.expect(200, "POST", "/pull", "{\"node_name\":\"node-2\",\"image\":\"busybox:1.36\"}");
                http.expect(200, "POST", "/delete", "{\"node_name\":\"node-2\",\"image\":\"busybox:1.36\"}");
                prewarmTasks(http);
                cleanups(http);
                DeploymentsScenario.run(http);
                TenantJobsScenario.run(http, cluster, descriptors);
                ServicesScenarios.functions(http);
                callTheOtherReadRoutes(http, routes);
                for (Routes.Route route : sensitive) {
                    if (!route.path().contains("{")) {
                        Http.Answer answer = http.send(route.method(), route.path(), route.method().equals("GET") ? null : "{}");
                        sensitiveAnswers.add(route + " -> " + answer.status());
                    }
                }
                // A node leaves: its agent goes.
                cluster.removeNode("node-3");
                converge(() -> http.expect(200, "GET", "/update/monitor", null), () -> agentDeployment(cluster, ns, "node-3") == null,
                        "/update/monitor should delete the agent of a node that left");
                // Objects rendered from an older template are rolled out again.
                makeStale(cluster, ns, "node-1");
                converge(() -> http.expect(200, "GET", "/update/monitor", null), () -> renderedAgain(cluster, ns, "node-1"),
                        "/update/monitor should replace the stale agent Deployment and Service of node-1");
            }
            // A new agent image.
            Map<String, Object> upgrade = new HashMap<>(Apps.onSandbox(cluster, ns));
            upgrade.put("deckhand.agent.image", UPGRADED_AGENT_IMAGE);
            try (ApplicationContext fx = Apps.functionsServer(env, upgrade)) {
                recorders.add(ApiCallRecorder.install(fx));
                Http http = new Http(Apps.url(fx), routes);
                converge(() -> http.expect(200, "GET", "/update/monitor", null), () -> upgraded(cluster, ns),
                        "/update/monitor should roll the new agent image out");
            }
            // Read once every context is closed, so that nothing a context did before closing is left out.
            recorders.forEach(r -> calls.addAll(r.calls()));
            return new Recorded(calls, cluster.requestStats().byVerb(), routes);
        }
    }

    private Recorded recordReconciler() {
        Doc cron = workloads.cronJob();
        Map<String, String> env = Workloads.scenarioEnv(Workloads.env(cron));
        String ns = env.get("K8S_NAMESPACE");
        List<ApiCall> calls = new ArrayList<>();
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build())) {
            // Prewarm tasks as the functions would store them, one per pull mode, and a cleanup; made before the
            // recording starts.
            List<String> tasks = new ArrayList<>();
            List<String> cleanupIds = new ArrayList<>();
            try (ApplicationContext functions = Apps.context(Apps.FUNCTIONS, env, Apps.onSandbox(cluster, ns))) {
                PrewarmService service = functions.getBean(PrewarmService.class);
                for (String mode : List.of("agent", "job")) {
                    // On node-2, which the scenario below keeps (it removes node-3).
                    tasks.add(service.create(new NewPrewarmTask(List.of("busybox:1.36"), 2,
                            Map.of("kubernetes.io/hostname", "node-2"), null, null, mode, null)).id());
                }
                cleanupIds.add(functions.getBean(CleanupService.class).create(new NewCleanupTask(
                        Map.of("kubernetes.io/hostname", "node-2"), 1, List.of("busybox:1.36"), null, List.of(), true, null)).id());
            }
            cluster.resetRequestStats();
            List<ApiCallRecorder> recorders = new ArrayList<>();
            Map<String, Object> first = new HashMap<>(Apps.onSandbox(cluster, ns));
            // A refused write is retried by the next pass here, not minutes later.
            first.put("deckhand.reconciler.failures.backoff", "1ms");
            try (ApplicationContext rc = Apps.context(Apps.RECONCILER, env, first)) {
                recorders.add(ApiCallRecorder.install(rc));
                ReconcilePass pass = rc.getBean(ReconcilePass.class);
                converge(() -> pass.run().describe(), () -> agentDeployment(cluster, ns, "node-1") != null,
                        "the first pass should create the agents");
                cluster.removeNode("node-3");
                converge(() -> pass.run().describe(), () -> agentDeployment(cluster, ns, "node-3") == null,
                        "a pass should delete the agent of a node that left");
                makeStale(cluster, ns, "node-1");
                // The API server refuses the first replace: the pass records it in its failure ledger (a ConfigMap),
                // and the pass that gets it through forgets it again.
                cluster.failNextRequest("PUT", "/apis/apps/v1/namespaces/" + ns + "/deployments/deckhand-agent-node-1", 500);
                converge(() -> pass.run().describe(), () -> renderedAgain(cluster, ns, "node-1"),
                        "a pass should replace the stale agent Deployment and Service of node-1");
                ServicesScenarios.reconciler(cluster, env, pass);
            }
            // A pass lets its lease expire rather than release it: the next process comes once it has run out.
            cluster.client().leases().inNamespace(ns).withName("deckhand-reconciler").delete();
            Map<String, Object> upgrade = new HashMap<>(Apps.onSandbox(cluster, ns));
            upgrade.put("deckhand.agent.image", UPGRADED_AGENT_IMAGE);
            try (ApplicationContext rc = Apps.context(Apps.RECONCILER, env, upgrade)) {
                recorders.add(ApiCallRecorder.install(rc));
                ReconcilePass pass = rc.getBean(ReconcilePass.class);
                converge(() -> pass.run().describe(), () -> upgraded(cluster, ns), "a pass should roll the new agent image out");
                runUntil(pass, () -> tasks.stream().allMatch(id -> taskFinished(cluster, ns, id)),
                        "passes should run both prewarm tasks (agent and job mode) to their end");
                runUntil(pass, () -> cleanupIds.stream().allMatch(id -> cleanupFinished(cluster, ns, id)),
                        "passes should run the cleanup to its end");
            }
            recorders.forEach(r -> calls.addAll(r.calls()));
            return new Recorded(calls, cluster.requestStats().byVerb(), Set.of());
        }
    }

    private static final java.util.regex.Pattern TASK_ID = java.util.regex.Pattern.compile("\"taskId\"\\s*:\\s*\"([^\"]+)\"");

    /** Seed 002's task routes, when the functions serve them: create, read, list, cancel. */
    private void prewarmTasks(Http http) {
        if (!served.contains(new Routes.Route("POST", "/api/v1/tasks"))) {
            return;
        }
        String created = http.expect(201, "POST", "/api/v1/tasks", "{\"images\":[\"busybox:1.36\"],\"batchSize\":2}");
        java.util.regex.Matcher id = TASK_ID.matcher(created);
        assertTrue(id.find(), "POST /api/v1/tasks answered no taskId: " + created);
        http.expect(200, "GET", "/api/v1/tasks/{id}", "/api/v1/tasks/" + id.group(1), null);
        http.expect(200, "GET", "/api/v1/tasks", null);
        http.expect(200, "DELETE", "/api/v1/tasks/{id}", "/api/v1/tasks/" + id.group(1), null);
    }

    /** The cleanup routes: create (a dry run), read, list, cancel. */
    private void cleanups(Http http) {
        if (!served.contains(new Routes.Route("POST", "/api/v1/cleanups"))) {
            return;
        }
        String created = http.expect(201, "POST", "/api/v1/cleanups", "{\"images\":[\"busybox:1.36\"],\"dryRun\":true}");
        java.util.regex.Matcher id = TASK_ID.matcher(created);
        assertTrue(id.find(), "POST /api/v1/cleanups answered no taskId: " + created);
        http.expect(200, "GET", "/api/v1/cleanups/{id}", "/api/v1/cleanups/" + id.group(1), null);
        http.expect(200, "GET", "/api/v1/cleanups", null);
        http.expect(200, "DELETE", "/api/v1/cleanups/{id}", "/api/v1/cleanups/" + id.group(1), null);
    }

    /** Path variables of framework routes (management endpoints) and a value that names something real. */
    private static final Map<String, String> SAMPLE_PATH_VALUES = Map.of("{selector}", "liveness", "{name}", "jvm.memory.used");

    /**
     * Every other GET route the functions serve (management endpoints and routes added since this scenario was
     * written), with sample path values: it must answer without a server error. A route this cannot call stays
     * uncalled, and {@link #functionsScenarioCallsEveryRouteTheFunctionsServe} names it.
     */
    private void callTheOtherReadRoutes(Http http, Set<Routes.Route> called) {
        for (Routes.Route route : served) {
            if (called.contains(route) || !route.method().equals("GET")) {
                continue;
            }
            String path = route.path();
            for (Map.Entry<String, String> sample : SAMPLE_PATH_VALUES.entrySet()) {
                path = path.replace(sample.getKey(), sample.getValue());
            }
            if (path.contains("{")) {
                continue;
            }
            Http.Answer answer = http.send("GET", path, null);
            assertTrue(answer.status() < 500 && answer.status() != 404, route + " (as " + path + ") answered " + answer.status() + ": " + answer.body());
            called.add(route);
        }
    }

    private static Deployment agentDeployment(SandboxCluster cluster, String ns, String node) {
        return cluster.client().apps().deployments().inNamespace(ns).withName(AgentNaming.objectName(node)).get();
    }

    /**
     * Marks a node's agent Deployment and Service as rendered from another template, through the uncounted client
     * and with a merge patch (the node simulator writes the Deployment's status meanwhile).
     */
    private static void makeStale(SandboxCluster cluster, String ns, String node) {
        String name = AgentNaming.objectName(node);
        String patch = "{\"metadata\":{\"annotations\":{\"" + DeckhandLabels.SPEC_HASH_ANNOTATION + "\":\"" + STALE + "\"}}}";
        cluster.client().apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        cluster.client().services().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static boolean renderedAgain(SandboxCluster cluster, String ns, String node) {
        String name = AgentNaming.objectName(node);
        return !STALE.equals(agentDeployment(cluster, ns, node).getMetadata().getAnnotations().get(DeckhandLabels.SPEC_HASH_ANNOTATION))
                && !STALE.equals(cluster.client().services().inNamespace(ns).withName(name).get().getMetadata().getAnnotations()
                .get(DeckhandLabels.SPEC_HASH_ANNOTATION));
    }

    private static boolean upgraded(SandboxCluster cluster, String ns) {
        return List.of("node-1", "node-2").stream().allMatch(node -> UPGRADED_AGENT_IMAGE.equals(
                agentDeployment(cluster, ns, node).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()));
    }

    /**
     * Runs a pass (or /update/monitor) until {@code done}, at most 5 times: a replace can meet a 409 when the
     * node simulator wrote the Deployment's status since the pass listed it, and then the next pass retries it,
     * as in a cluster.
     */
    /** Passes, a short pause apart, until {@code done}: Jobs run for a second or so in the sandbox. */
    private static void runUntil(ReconcilePass pass, java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        List<String> outcomes = new ArrayList<>();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + "; after 60 s of passes: " + outcomes.subList(Math.max(0, outcomes.size() - 3), outcomes.size()));
            }
            outcomes.add(pass.run().describe());
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Read with the sandbox's own client, which the request counts leave out. */
    private static boolean taskFinished(SandboxCluster cluster, String ns, String id) {
        var prewarmTasks = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                .withGroup("deckhand.dev").withVersion("v1").withKind("PrewarmTask").withPlural("prewarmtasks").withNamespaced(true).build();
        var task = cluster.client().genericKubernetesResources(prewarmTasks).inNamespace(ns).withName(id).get();
        Object status = task == null ? null : task.getAdditionalProperties().get("status");
        Object phase = status instanceof Map<?, ?> map ? map.get("phase") : null;
        return "completed".equals(phase) || "failed".equals(phase);
    }

    private static boolean cleanupFinished(SandboxCluster cluster, String ns, String id) {
        var cleanups = new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                .withGroup("deckhand.dev").withVersion("v1").withKind("CleanupTask").withPlural("cleanuptasks").withNamespaced(true).build();
        var task = cluster.client().genericKubernetesResources(cleanups).inNamespace(ns).withName(id).get();
        Object status = task == null ? null : task.getAdditionalProperties().get("status");
        Object phase = status instanceof Map<?, ?> map ? map.get("phase") : null;
        return "completed".equals(phase) || "failed".equals(phase);
    }

    private static void converge(java.util.function.Supplier<String> pass, java.util.function.BooleanSupplier done, String what) {
        List<String> outcomes = new ArrayList<>();
        for (int attempt = 1; attempt <= 5; attempt++) {
            outcomes.add(pass.get());
            if (done.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError(what + "; after 5 passes: " + outcomes);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The scenarios are complete and the recording is whole

    @Test
    void functionsScenarioCallsEveryRouteTheFunctionsServe() {
        Set<Routes.Route> missing = new TreeSet<>(served);
        missing.removeAll(functions.routesCalled());
        assertTrue(missing.isEmpty(), "the RBAC scenario of RbacTest calls no " + missing
                + ": add a call to recordFunctions(), or the calls that route makes are never checked against the RBAC");
    }

    @Test
    void sensitiveManagementRoutesLeftOutOfTheServedRoutesAnswer401() {
        assertTrue(sensitiveAnswers.stream().allMatch(a -> a.endsWith("-> 401")),
                "routes of sensitive management endpoints are taken as not served (not routed in SAM, not in the RBAC scenario), "
                        + "so they should answer 401: " + sensitiveAnswers);
    }

    @Test
    void recordingSeesEveryRequestTheSandboxCounted() {
        for (Recorded side : List.of(functions, reconciler)) {
            Set<String> recorded = new TreeSet<>();
            side.calls().forEach(c -> recorded.add(c.sandboxKey()));
            assertEquals(new TreeSet<>(side.sandboxCounts().keySet()), recorded,
                    "the requests recorded through the client (with namespace and name) should be those the sandbox API server counted");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // RBAC

    @Test
    void functionsServiceAccountIsGrantedExactlyWhatTheFunctionsCall() {
        Rbac.Subject sa = Workloads.serviceAccount(workloads.knativeService());
        assertGrantsExactly("the functions as " + sa + " (" + workloads.knativeService().where() + ")",
                Rbac.asServiceAccount(sa.namespace(), sa.name()), functions.calls());
    }

    @Test
    void reconcilerServiceAccountIsGrantedExactlyWhatThePassCalls() {
        Rbac.Subject cron = Workloads.serviceAccount(workloads.cronJob());
        Rbac.Subject daemon = Workloads.serviceAccount(workloads.daemonDeployment());
        assertEquals(cron, daemon, "the reconciler's CronJob and Deployment should run as one service account");
        assertGrantsExactly("the reconciler as " + cron + " (" + workloads.cronJob().where() + ")",
                Rbac.asServiceAccount(cron.namespace(), cron.name()), reconciler.calls());
    }

    @Test
    void lambdaRolesAreGrantedExactlyWhatTheirCodeCalls() {
        Sam sam = Sam.of(descriptors);
        for (Map.Entry<String, Recorded> side : Map.of(Sam.FUNCTIONS_HANDLER, functions, Sam.RECONCILER_HANDLER, reconciler).entrySet()) {
            Sam.Function function = sam.function(side.getKey());
            Map<String, Object> entry = sam.accessEntry(function);
            assertNotNull(entry, function.logicalId() + " has no AWS::EKS::AccessEntry");
            String username = Yamls.str(Yamls.at(entry, "Properties", "Username"));
            List<String> groups = Yamls.strings(Yamls.at(entry, "Properties", "KubernetesGroups"));
            assertGrantsExactly("Lambda " + function.logicalId() + " as user " + username + " in groups " + groups,
                    Rbac.asMappedUser(username, groups), side.getValue().calls());
        }
    }

    /**
     * Grants the code needs on paths the scenarios do not reach in a few seconds, each with its reason:
     * {@code get deckhand.dev/prewarmtasks}: a pass re-reads its task while agent pulls run longer than
     * deckhand.prewarm.cancel-check-interval (5 s), and after a stale status write; the same for
     * {@code get deckhand.dev/cleanuptasks}.
     * {@code delete services} (functions, deckhand-services): POST /services deletes the Service it created when the
     * Deployment's create then fails, so that no orphan is left.
     * {@code delete batch/jobs} (reconciler): a job-mode task with the window strategy deletes each node's Job once the
     * node's outcome is written, while other nodes still pull; the scenario's tasks cover one node each.
     */
    private static final Set<String> RARE_PATH_GRANTS = Set.of("get deckhand.dev/prewarmtasks", "get deckhand.dev/cleanuptasks",
            "delete /services", "delete batch/jobs");

    private void assertGrantsExactly(String who, Set<Rbac.Subject> identities, List<ApiCall> calls) {
        List<Rbac.Grant> grants = rbac.grantsTo(identities);
        List<String> problems = new ArrayList<>();
        Set<ApiCall> distinct = new TreeSet<>(ApiCall.ORDER);
        distinct.addAll(calls);
        Map<String, Set<String>> missing = new TreeMap<>();
        for (ApiCall call : distinct) {
            if (grants.stream().noneMatch(g -> g.covers(call))) {
                ApiCall any = call.unnamed();
                String message = "MISSING: " + who + " calls `" + any.describe() + "`, which no rule bound to it grants; grant verb "
                        + call.verb() + " on " + (call.isResource() ? "apiGroup \"" + call.group() + "\" resource " + call.resource()
                        + (call.namespace() == null ? " in a ClusterRole" : " in a Role of namespace " + call.namespace()) : call.nonResourcePath());
                Set<String> names = missing.computeIfAbsent(message, k -> new TreeSet<>());
                if (call.name() != null) {
                    names.add(call.name());
                }
            }
        }
        missing.forEach((message, names) -> problems.add(message + (names.isEmpty() ? "" : " (objects " + names + ")")));
        for (Rbac.Grant grant : grants) {
            List<ApiCall> used = distinct.stream().filter(grant::covers).toList();
            if (used.isEmpty() && !RARE_PATH_GRANTS.contains(grant.verb() + " " + grant.group() + "/" + grant.resource())) {
                problems.add("EXTRA: " + who + " is granted `" + grant.describe() + "`, which the code never called in the scenarios: remove it");
            } else if (grant.namespace() == null && grant.nonResourceUrl() == null && used.stream().allMatch(c -> c.namespace() != null)) {
                problems.add("TOO BROAD: " + who + " is granted `" + grant.describe() + "` in every namespace, but calls it in "
                        + new TreeSet<>(used.stream().map(ApiCall::namespace).toList()) + " only: use a Role and RoleBinding there");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The recorded calls, one row per (verb, resource, namespace), with counts and object names. */
    private String table() {
        Map<String, Map<String, Integer>> rows = new TreeMap<>();
        Map<String, Set<String>> names = new TreeMap<>();
        for (Map.Entry<String, Recorded> side : new LinkedHashMap<>(Map.of("functions", functions, "reconciler", reconciler)).entrySet()) {
            for (ApiCall call : side.getValue().calls()) {
                String key = String.format("%-16s %-28s %-12s", call.verb(),
                        call.isResource() ? (call.group().isEmpty() ? "" : call.group() + "/") + call.resource() : call.nonResourcePath(),
                        call.namespace() == null ? "(cluster)" : call.namespace());
                rows.computeIfAbsent(key, k -> new TreeMap<>()).merge(side.getKey(), 1, Integer::sum);
                if (call.name() != null && call.resource() != null && call.resource().startsWith("leases")) {
                    names.computeIfAbsent(key, k -> new TreeSet<>()).add(call.name());
                }
            }
        }
        StringBuilder out = new StringBuilder("\nKubernetes API calls recorded on the sandbox (count per side):\n");
        out.append(String.format("%-16s %-28s %-12s %-10s %-10s%n", "verb", "resource", "namespace", "functions", "reconciler"));
        rows.forEach((key, counts) -> out.append(key).append(' ')
                .append(String.format("%-10s %-10s", counts.getOrDefault("functions", 0), counts.getOrDefault("reconciler", 0)))
                .append(names.containsKey(key) ? " names " + names.get(key) : "").append('\n'));
        return out.toString();
    }
}
