package dev.deckhand.api;

import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.auth.Roles;
import dev.deckhand.auth.TestTokens;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed and hostile requests across every route: each must get a 4xx with a JSON error body that says
 * something (no stack trace), and leave the cluster exactly as it was (no new or changed object of any kind
 * Deckhand writes, no image pulled or deleted on any node). Prints {@code bad input: N passed, F failed}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputSuiteTest implements TestPropertyProvider {

    private static final String JSON = "application/json";
    private static final String ADMIN = TestTokens.admin();
    private static final String TENANT_A = TestTokens.tenant("tenant-a");
    private static final String DEPLOYER = TestTokens.deployer();

    private static final List<ResourceDefinitionContext> CUSTOM = List.of(
            custom("prewarmtasks", "PrewarmTask"), custom("cleanuptasks", "CleanupTask"),
            custom("servicedocuments", "ServiceDocument"),
            custom("jobtemplates", "JobTemplate"));

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
        // Holds node port 30095 for the "node port held" case.
        cluster.client().services().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("legacy-web").endMetadata()
                .withNewSpec().withType("NodePort").addNewPort().withPort(80).withNodePort(30095).endPort().endSpec()
                .build()).create();
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private static ResourceDefinitionContext custom(String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup("deckhand.dev").withVersion("v1").withPlural(plural)
                .withKind(kind).withNamespaced(true).build();
    }

    /**
     * One hostile request; {@code status} 0 means any 4xx. {@code raw}, when set, is sent instead of {@code body} (bytes
     * that are not UTF-8); {@code encoding} is a Content-Encoding header.
     */
    record Case(String what, String method, String path, String contentType, String body, String token, int status,
                byte[] raw, String encoding) {
        Case(String what, String method, String path, String contentType, String body, String token, int status) {
            this(what, method, path, contentType, body, token, status, null, null);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The cases

    private static final List<String> MALFORMED_JSON = List.of("", "{", "[", "{\"", "{\"node_name\":", "{\"node_name\":\"node-1\"",
            "null", "\"text\"", "42", "true", "[]", "{,}", "{'node_name':'node-1'}", "{\"a\":1}}", "\u0000", "\uFEFF{}");

    private static final List<String> HOSTILE_NAMES = List.of("NODE-1", "node_1", "-node", "node-", "../node-1",
            "node-1/../../etc", "nöde-1", "node\u0000", "node\n1", "node 1", "node-1;rm -rf /", "$(reboot)", "`id`",
            "node-1%00", "a".repeat(300), "\u202Enode", "node-1' OR '1'='1", "<script>");

    private static final List<String> HOSTILE_IMAGES = List.of("busybox;rm -rf /", "busybox:1.36 && curl evil",
            "$(reboot)", "`id`", "busybox\nFROM evil", "busybox|cat", "busy box", "BUSYBOX", "busybox:", ":latest",
            "busybox@sha256:xyz", "../../etc/passwd", "busybox:" + "x".repeat(200), "a".repeat(5000), "busybox\u0000",
            "http://evil/busybox", "-busybox", "registry.example:99999999/app:1");

    private List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Seed 000: /list, /pull, /delete.
        for (String route : List.of("/list", "/pull", "/delete")) {
            for (String body : MALFORMED_JSON) {
                cases.add(new Case("malformed JSON", "POST", route, JSON, body, ADMIN, 0));
            }
            for (String body : List.of("{\"node_name\":5}", "{\"node_name\":[\"node-1\"]}", "{\"node_name\":{}}",
                    "{\"node_name\":null}", "{\"node_name\":true}", "{}", "{\"node\":\"node-1\"}")) {
                cases.add(new Case("wrong type or missing field", "POST", route, JSON, body, ADMIN, 0));
            }
            for (String name : HOSTILE_NAMES) {
                cases.add(new Case("hostile node name", "POST", route, JSON, body("node_name", name, "image", "busybox:1.36"), ADMIN, 0));
            }
        }
        for (String route : List.of("/pull", "/delete")) {
            for (String image : HOSTILE_IMAGES) {
                cases.add(new Case("hostile image", "POST", route, JSON, body("node_name", "node-2", "image", image), ADMIN, 400));
            }
            cases.add(new Case("image of the wrong type", "POST", route, JSON, "{\"node_name\":\"node-2\",\"image\":7}", ADMIN, 400));
        }
        cases.add(new Case("wrong content type", "POST", "/list", "text/plain", "node_name=node-1", ADMIN, 0));
        cases.add(new Case("body over the size limit", "POST", "/pull", JSON,
                "{\"node_name\":\"node-1\",\"image\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}", ADMIN, 413));

        // Seed 002: prewarm tasks.
        for (String body : MALFORMED_JSON) {
            cases.add(new Case("malformed JSON", "POST", "/api/v1/tasks", JSON, body, ADMIN, 0));
        }
        for (String body : List.of("{\"images\":\"busybox\"}", "{\"images\":[1]}", "{\"images\":[]}", "{\"images\":null}",
                "{\"images\":[\"busybox\"],\"batchSize\":\"2\"}", "{\"images\":[\"busybox\"],\"batchSize\":0}",
                "{\"images\":[\"busybox\"],\"batchSize\":-3}", "{\"images\":[\"busybox\"],\"batchSize\":1e12}",
                "{\"images\":[\"busybox\"],\"batchSize\":2.5}", "{\"images\":[\"busybox\"],\"nodeSelector\":[]}",
                "{\"images\":[\"busybox\"],\"nodeSelector\":{\"zone\":5}}",
                "{\"images\":[\"busybox\"],\"nodeSelector\":{\"bad key!\":\"v\"}}",
                "{\"images\":[\"busybox\"],\"nodeSelector\":{\"k\":\"v;rm\"}}",
                "{\"images\":[\"busybox\"],\"mode\":\"root\"}",
                "{\"images\":[\"busybox\"],\"strategy\":\"rolling\"}", "{\"images\":[\"busybox\"],\"strategy\":\"Window\"}",
                "{\"images\":[\"busybox\"],\"strategy\":\"\"}", "{\"images\":[\"busybox\"],\"strategy\":5}",
                "{\"images\":[\"busybox\"],\"strategy\":[\"window\"]}", "{\"images\":[\"busybox\"],\"strategy\":{}}",
                "{\"images\":[" + "\"busybox:1\",".repeat(20) + "\"busybox:2\"]}")) {
            cases.add(new Case("bad task", "POST", "/api/v1/tasks", JSON, body, ADMIN, 400));
        }
        for (String image : HOSTILE_IMAGES) {
            cases.add(new Case("hostile image in a task", "POST", "/api/v1/tasks", JSON,
                    "{\"images\":[" + quote(image) + "]}", ADMIN, 400));
        }
        for (String query : List.of("limit=abc", "limit=-1", "offset=-5", "offset=x", "status=bogus", "limit=1e9")) {
            cases.add(new Case("bad list query", "GET", "/api/v1/tasks?" + query, null, null, ADMIN, 400));
        }
        for (String id : List.of("..%2F..%2Fetc", "no-such-task", "x".repeat(300), "%00", "t%0Ask")) {
            cases.add(new Case("unknown or hostile task id", "GET", "/api/v1/tasks/" + id, null, null, ADMIN, 0));
            cases.add(new Case("unknown or hostile task id", "DELETE", "/api/v1/tasks/" + id, null, null, ADMIN, 0));
        }

        // Image cleanups: the same rules as prewarm tasks, plus image rules, keep, dryRun, strategy and unusedFor.
        for (String body : MALFORMED_JSON) {
            cases.add(new Case("malformed JSON", "POST", "/api/v1/cleanups", JSON, body, ADMIN, 0));
        }
        for (String body : List.of("{\"images\":\"busybox\"}", "{\"images\":[1]}", "{\"keep\":[true]}", "{\"keep\":\"x\"}",
                "{\"images\":[\"busybox\",\"busybox\"]}", "{\"images\":[" + "\"busybox:1\",".repeat(100) + "\"busybox:2\"]}",
                "{\"batchSize\":\"2\"}", "{\"batchSize\":0}", "{\"batchSize\":-3}", "{\"batchSize\":1e12}", "{\"batchSize\":2.5}",
                "{\"batchSize\":501}", "{\"nodeSelector\":[]}", "{\"nodeSelector\":{\"zone\":5}}",
                "{\"nodeSelector\":{\"bad key!\":\"v\"}}", "{\"nodeSelector\":{\"k\":\"v;rm\"}}",
                "{\"strategy\":\"fast\"}", "{\"strategy\":\"Window\"}", "{\"strategy\":1}", "{\"dryRun\":\"yes\"}",
                "{\"dryRun\":1}", "{\"unusedFor\":\"720h\"}", "{\"unusedFor\":\"a month\"}", "{\"unusedFor\":720}",
                "{\"imagez\":[\"busybox\"]}", "{\"images\":[\"registry.example//\"]}", "{\"images\":[\"/\"]}")) {
            cases.add(new Case("bad cleanup", "POST", "/api/v1/cleanups", JSON, body, ADMIN, 400));
        }
        for (String image : HOSTILE_IMAGES) {
            cases.add(new Case("hostile image in a cleanup", "POST", "/api/v1/cleanups", JSON,
                    "{\"images\":[" + quote(image) + "]}", ADMIN, 400));
            cases.add(new Case("hostile keep in a cleanup", "POST", "/api/v1/cleanups", JSON,
                    "{\"keep\":[" + quote(image) + "]}", ADMIN, 400));
        }
        for (String query : List.of("limit=abc", "limit=-1", "offset=-5", "offset=x", "status=bogus", "limit=1e9")) {
            cases.add(new Case("bad cleanup list query", "GET", "/api/v1/cleanups?" + query, null, null, ADMIN, 400));
        }
        for (String id : List.of("..%2F..%2Fetc", "no-such-cleanup", "cleanup-20260101-000000-00000000", "x".repeat(300), "%00",
                "t%0Ask")) {
            cases.add(new Case("unknown or hostile cleanup id", "GET", "/api/v1/cleanups/" + id, null, null, ADMIN, 0));
            cases.add(new Case("unknown or hostile cleanup id", "DELETE", "/api/v1/cleanups/" + id, null, null, ADMIN, 0));
        }
        cases.add(new Case("cleanup without a token", "POST", "/api/v1/cleanups", JSON, "{\"images\":[\"busybox\"]}", null, 401));
        cases.add(new Case("cleanup as a tenant", "POST", "/api/v1/cleanups", JSON, "{\"images\":[\"busybox\"]}", TENANT_A, 403));

        // Seed 004: simplified deployments.
        String goodYaml = "containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n      - name: http\n        port: 80\n";
        for (String id : List.of("WEB", "web_1", "-web", "a".repeat(60), "w%C3%A9b", "web;ls", "..")) {
            cases.add(new Case("hostile service id", "PUT", "/kubernetes/services/" + id + "/document", JSON,
                    document(goodYaml, "web", 80), DEPLOYER, 0));
        }
        for (String body : MALFORMED_JSON) {
            cases.add(new Case("malformed JSON", "PUT", "/kubernetes/services/web/document", JSON, body, DEPLOYER, 0));
        }
        List<String> badYamls = List.of(
                "containers: [",
                "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\ncontainers: *c\n",
                goodYaml + "    privileged: true\n",
                goodYaml + "hostPath: /etc\n",
                goodYaml + "namespace: kube-system\n",
                goodYaml.replace("port: 80", "port: 0"),
                goodYaml.replace("port: 80", "port: 70000"),
                goodYaml.replace("port: 80", "port: eighty"),
                goodYaml + "      - name: http2\n        port: 80\n",
                goodYaml.replace("name: web", "name: Web"),
                goodYaml.replace("nginx:1.27", "nginx;rm -rf /"),
                goodYaml.replace("nginx:1.27", "$(reboot)"),
                goodYaml + "    volumeMounts:\n      - name: ghost\n        mountPath: /data\n",
                goodYaml + "volumes:\n  - name: data\n    size: 1000Gi\n",
                goodYaml + "volumes:\n  - name: data\n    size: 1Ti\n",
                goodYaml + "volumes:\n  - name: data\n    size: -1Gi\n",
                goodYaml + "    gpu: quantum/qpu\n",
                goodYaml + "volumes:\n" + "  - name: v\n    size: 1Gi\n".repeat(2),
                goodYaml + "volumes:\n" + java.util.stream.IntStream.range(0, 11)
                        .mapToObj(i -> "  - name: v" + i + "\n    size: 1Gi\n").reduce("", String::concat),
                "containers: []\n",
                "containers: 5\n",
                "containers:\n  - name: web\n",
                goodYaml + "containers: []\n");
        for (String yaml : badYamls) {
            cases.add(new Case("bad deployment YAML", "PUT", "/kubernetes/services/web/document", JSON, document(yaml, "web", 80), DEPLOYER, 400));
        }
        cases.add(new Case("exposed container not declared", "PUT", "/kubernetes/services/web/document", JSON, document(goodYaml, "api", 80), DEPLOYER, 400));
        cases.add(new Case("exposed port not declared", "PUT", "/kubernetes/services/web/document", JSON, document(goodYaml, "web", 8080), DEPLOYER, 400));
        cases.add(new Case("document fields of the wrong type", "PUT", "/kubernetes/services/web/document", JSON,
                "{\"name\":5,\"deployment\":[],\"exposed_service\":{},\"exposed_port\":\"80\"}", DEPLOYER, 400));
        cases.add(new Case("deploy of no document", "PUT", "/kubernetes/services/never-stored/deploy", null, null, DEPLOYER, 404));
        cases.add(new Case("status of nothing", "GET", "/kubernetes/services/never-deployed", null, null, DEPLOYER, 404));
        cases.add(new Case("delete of nothing", "DELETE", "/kubernetes/services/never-deployed", null, null, DEPLOYER, 404));

        // Seed 003: tenant jobs.
        for (String body : MALFORMED_JSON) {
            cases.add(new Case("malformed JSON", "POST", "/pods", JSON, body, TENANT_A, 0));
        }
        Function<String, String> job = vols -> "{\"tenant\":\"tenant-a\",\"cmd\":\"ls /data\",\"vols\":" + vols + "}";
        for (String vols : List.of("[{\"pvc\":\"ghost\",\"mount\":\"/data\"}]", "[{\"pvc\":\"data\",\"mount\":\"data\"}]",
                "[{\"pvc\":\"data\",\"mount\":\"/data/../../etc\"}]", "[{\"pvc\":\"data\",\"mount\":\"/../etc\"}]",
                "[{\"pvc\":\"data\",\"mount\":\"/d\"},{\"pvc\":\"results\",\"mount\":\"/d\"}]",
                "[{\"pvc\":\"archive\",\"mount\":\"/data\"}]", "[{\"pvc\":\"../data\",\"mount\":\"/data\"}]",
                "[{\"pvc\":\"data\",\"mount\":\"/da\\u0000ta\"}]", "[{\"pvc\":\"data\",\"mount\":\"C:\\\\data\"}]",
                "[{\"pvc\":5,\"mount\":\"/data\"}]", "[{\"pvc\":\"data\"}]", "\"data:/data\"",
                "[" + "{\"pvc\":\"data\",\"mount\":\"/m\"},".repeat(8) + "{\"pvc\":\"data\",\"mount\":\"/n\"}]")) {
            cases.add(new Case("bad volume", "POST", "/pods", JSON, job.apply(vols), TENANT_A, 0));
        }
        for (String cmd : List.of("", "   ", "ls\nreboot", "ls\u0000", "ls\u001b[2J", "x".repeat(5000))) {
            cases.add(new Case("bad command", "POST", "/pods", JSON,
                    "{\"tenant\":\"tenant-a\",\"cmd\":" + quote(cmd) + ",\"vols\":[]}", TENANT_A, 400));
        }
        for (String tenant : List.of("TENANT-A", "../tenant-a", "tenant-a;ls", "kube-system", "default", "deckhand", "")) {
            cases.add(new Case("hostile tenant", "POST", "/pods", JSON,
                    "{\"tenant\":" + quote(tenant) + ",\"cmd\":\"ls\",\"vols\":[]}", ADMIN, 0));
            cases.add(new Case("hostile tenant", "GET", "/pods?tenant=" + url(tenant), null, null, ADMIN, 0));
        }
        cases.add(new Case("a namespace field", "POST", "/pods", JSON,
                "{\"tenant\":\"tenant-a\",\"cmd\":\"ls\",\"vols\":[],\"namespace\":\"kube-system\"}", TENANT_A, 400));
        cases.add(new Case("another tenant's job", "POST", "/pods", JSON,
                "{\"tenant\":\"tenant-b\",\"cmd\":\"ls\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/data\"}]}", TENANT_A, 403));
        cases.add(new Case("another tenant's jobs", "GET", "/pods?tenant=tenant-b", null, null, TENANT_A, 403));
        cases.add(new Case("another tenant's job", "DELETE", "/pods?tenant=tenant-b&name=job-tenant-b-0", null, null, TENANT_A, 403));
        cases.add(new Case("delete without a name", "DELETE", "/pods?tenant=tenant-a", null, null, TENANT_A, 400));
        cases.add(new Case("delete of an unknown job", "DELETE", "/pods?tenant=tenant-a&name=job-tenant-a-nope", null, null, TENANT_A, 404));
        for (String template : List.of("kind: Deployment\napiVersion: apps/v1\n",
                "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: busybox, args: ['{}']}]\n",
                "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox, args: ['{}'], securityContext: {privileged: true}}]\n",
                "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      volumes: [{name: h, hostPath: {path: /}}]\n      containers: [{name: c, image: busybox, args: ['{}']}]\n",
                "apiVersion: batch/v1\nkind: Job\nmetadata: {namespace: kube-system}\n", "kind: [", "")) {
            cases.add(new Case("bad template", "PUT", "/pods/template?tenant=tenant-a", "application/yaml", template, ADMIN, 400));
        }

        // Seed 001: services (the seed's own 400/404 bodies).
        for (String body : MALFORMED_JSON) {
            cases.add(new Case("malformed JSON", "POST", "/services", JSON, body, ADMIN, 400));
        }
        for (String image : HOSTILE_IMAGES) {
            cases.add(new Case("hostile image", "POST", "/services", JSON, "{\"image\":" + quote(image) + "}", ADMIN, 400));
        }
        for (String body : List.of("{}", "{\"image\":5}", "{\"image\":\"nginx\",\"publish\":-1}", "{\"image\":\"nginx\",\"publish\":99999}",
                "{\"image\":\"nginx\",\"publish\":80}", "{\"image\":\"nginx\",\"publish\":\"yes\"}", "{\"image\":\"nginx\",\"detached\":\"no\"}",
                "{\"image\":\"nginx\",\"privileged\":true}", "{\"image\":\"nginx\",\"publish\":31000.5}")) {
            cases.add(new Case("bad service", "POST", "/services", JSON, body, ADMIN, 400));
        }
        for (String path : List.of("/services/no-such-id", "/services/name/no-such-name", "/services/name/..%2F..",
                "/services/latest/no%3Bsuch")) {
            cases.add(new Case("nothing there", "GET", path, null, null, ADMIN, 0));
        }
        cases.add(new Case("node port held by another Service", "POST", "/services", JSON,
                "{\"image\":\"nginx\",\"publish\":30095}", ADMIN, 409));
        for (String path : List.of("/services/no-such-id", "/services/legacy-web", "/services/" + "a".repeat(300))) {
            cases.add(new Case("delete of nothing", "DELETE", path, null, null, ADMIN, 404));
        }
        for (String path : List.of("/services/..%2F..", "/services/%3Bx", "/services/%00")) {
            cases.add(new Case("delete of a hostile id", "DELETE", path, null, null, ADMIN, 0));
        }
        cases.add(new Case("delete of a service with a body", "DELETE", "/services/no-such-id", JSON, "{\"id\":1}", ADMIN, 404));
        cases.add(new Case("a deployer deleting a service", "DELETE", "/services/no-such-id", null, null, DEPLOYER, 403));
        cases.add(new Case("a tenant deleting a service", "DELETE", "/services/no-such-id", null, null, TENANT_A, 403));
        cases.add(new Case("a tenant listing deployments", "GET", "/kubernetes/services", null, null, TENANT_A, 403));
        cases.add(new Case("no identity listing deployments", "GET", "/kubernetes/services", null, null, "garbage", 401));

        // Identities.
        for (String token : List.of("", "garbage", TestTokens.admin() + "x",
                TestTokens.of("nobody", List.of("root"), Map.of()))) {
            cases.add(new Case("no usable identity", "POST", "/pull", JSON, body("node_name", "node-2", "image", "busybox:1.36"), token, 0));
            cases.add(new Case("no usable identity", "POST", "/api/v1/tasks", JSON, "{\"images\":[\"busybox:1.36\"]}", token, 0));
        }
        cases.add(new Case("a tenant deploying", "PUT", "/kubernetes/services/web/document", JSON, document(goodYaml, "web", 80), TENANT_A, 403));
        cases.add(new Case("a deployer pulling", "POST", "/pull", JSON, body("node_name", "node-2", "image", "busybox:1.36"), DEPLOYER, 403));
        cases.add(new Case("a tenant with the admin's role name in another claim", "POST", "/services", JSON,
                "{\"image\":\"nginx\"}", TestTokens.of("sneaky", List.of(Roles.TENANT), Map.of("role", "admin", "tenant", "tenant-a")), 403));

        jsonReaderCases(cases);
        textCases(cases, goodYaml);
        mountPathCases(cases, goodYaml);
        quantityAndCapCases(cases, goodYaml);
        yamlCases(cases, goodYaml);
        tokenCases(cases);
        httpServerCases(cases);
        return cases;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Round 2 (issue 13): one rule per kind of input, on every route it applies to.

    /** Every route with a JSON body, a body it would accept, and the caller that may send it. */
    private List<String[]> bodyRoutes(String goodYaml) {
        return List.of(
                new String[] {"POST", "/list", "{\"node_name\":\"node-1\"}", ADMIN},
                new String[] {"POST", "/pull", "{\"node_name\":\"node-2\",\"image\":\"busybox:1.36\"}", ADMIN},
                new String[] {"POST", "/delete", "{\"node_name\":\"node-2\",\"image\":\"busybox:1.36\"}", ADMIN},
                new String[] {"POST", "/api/v1/tasks", "{\"images\":[\"busybox:1.36\"],\"batchSize\":2}", ADMIN},
                new String[] {"POST", "/pods", "{\"tenant\":\"tenant-a\",\"cmd\":\"ls\",\"vols\":[]}", TENANT_A},
                new String[] {"POST", "/services", "{\"image\":\"nginx:1.27\"}", ADMIN},
                new String[] {"PUT", "/kubernetes/services/web/document", document(goodYaml, "web", 80), DEPLOYER});
    }

    private void jsonReaderCases(List<Case> cases) {
        String goodYaml = "containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n      - name: http\n        port: 80\n";
        for (String[] route : bodyRoutes(goodYaml)) {
            String method = route[0];
            String path = route[1];
            String good = route[2];
            String token = route[3];
            String inner = good.substring(1, good.length() - 1);
            Map<String, String> bad = new java.util.LinkedHashMap<>();
            bad.put("duplicate keys", "{" + inner + "," + inner + "}");
            bad.put("text after the value", good + "xyz");
            bad.put("two objects in a row", good + good);
            bad.put("an array after the object", good + "[]");
            bad.put("a comment after the object", good + "//");
            for (String unknown : List.of("batchsize", "namespace", "status", "taskId", "progress", "Image", "node-name", "")) {
                bad.put("unknown field " + unknown, "{" + inner + "," + quote(unknown) + ":2}");
            }
            bad.put("a control character in a field name", "{" + inner + ",\"a\\u0000\":1}");
            bad.forEach((what, body) -> cases.add(new Case("JSON reader: " + what, method, path, JSON, body, token, 400)));
            List<byte[]> notUtf8 = List.of(bytes(good.substring(0, good.length() - 2), 0xc0, 0xaf, "\"}"),
                    bytes(good.substring(0, good.length() - 2), 0xe0, 0x80, 0xaf, "\"}"),
                    bytes(good.substring(0, good.length() - 2), 0xff, "\"}"),
                    bytes(good.substring(0, good.length() - 2), 0xed, 0xa0, 0x80, "\"}"),
                    bytes(good.substring(0, good.length() - 2), 0xc3, "\"}"),
                    bytes(good.substring(0, good.length() - 2), 0xf8, 0x88, 0x80, 0x80, 0x80, "\"}"));
            for (byte[] raw : notUtf8) {
                cases.add(new Case("JSON reader: invalid or overlong UTF-8", method, path, JSON, null, token, 400, raw, null));
            }
            for (String charset : List.of("ISO-8859-1", "utf-16", "windows-1252", "x-bogus")) {
                cases.add(new Case("JSON reader: charset " + charset, method, path, JSON + "; charset=" + charset, good, token, 415));
            }
            cases.add(new Case("JSON reader: labelled gzip, is not", method, path, JSON, good, token, 400, null, "gzip"));
            cases.add(new Case("JSON reader: labelled deflate, is not", method, path, JSON, good, token, 400, null, "deflate"));
        }
    }

    /** Characters no user-supplied text may hold (a sample of each class the rule names). */
    private static final List<Character> FORBIDDEN = List.of('\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c',
            '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009b', '\u009f', '\u2028', '\u2029', '\u202a',
            '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\ud800', '\udc00');

    private void textCases(List<Case> cases, String goodYaml) {
        for (char c : FORBIDDEN) {
            String ch = String.format("U+%04X", (int) c);
            String t = "x" + c + "y";
            cases.add(new Case("text rule: cmd with " + ch, "POST", "/pods", JSON,
                    "{\"tenant\":\"tenant-a\",\"cmd\":" + esc("ls " + t) + ",\"vols\":[]}", TENANT_A, 400));
            cases.add(new Case("text rule: mount with " + ch, "POST", "/pods", JSON,
                    "{\"tenant\":\"tenant-a\",\"cmd\":\"ls\",\"vols\":[{\"pvc\":\"data\",\"mount\":" + esc("/data" + t) + "}]}",
                    TENANT_A, 400));
            cases.add(new Case("text rule: tenant with " + ch, "POST", "/pods", JSON,
                    "{\"tenant\":" + esc("tenant-a" + c) + ",\"cmd\":\"ls\",\"vols\":[]}", TENANT_A, 0));
            cases.add(new Case("text rule: node_name with " + ch, "POST", "/list", JSON,
                    "{\"node_name\":" + esc("node-1" + c) + "}", ADMIN, 400));
            for (String route : List.of("/pull", "/delete")) {
                cases.add(new Case("text rule: node_name with " + ch, "POST", route, JSON,
                        "{\"node_name\":" + esc("node-1" + c) + ",\"image\":\"busybox:1.36\"}", ADMIN, 400));
            }
            for (String route : List.of("/pull", "/delete")) {
                cases.add(new Case("text rule: image with " + ch, "POST", route, JSON,
                        "{\"node_name\":\"node-2\",\"image\":" + esc("busybox:1.36" + c) + "}", ADMIN, 400));
            }
            cases.add(new Case("text rule: service image with " + ch, "POST", "/services", JSON,
                    "{\"image\":" + esc("nginx" + c) + "}", ADMIN, 400));
            cases.add(new Case("text rule: task image with " + ch, "POST", "/api/v1/tasks", JSON,
                    "{\"images\":[" + esc("busybox" + c) + "]}", ADMIN, 400));
            cases.add(new Case("text rule: nodeSelector key with " + ch, "POST", "/api/v1/tasks", JSON,
                    "{\"images\":[\"busybox:1.36\"],\"nodeSelector\":{" + esc("zone" + c) + ":\"a\"}}", ADMIN, 400));
            cases.add(new Case("text rule: nodeSelector value with " + ch, "POST", "/api/v1/tasks", JSON,
                    "{\"images\":[\"busybox:1.36\"],\"nodeSelector\":{\"zone\":" + esc("a" + c) + "}}", ADMIN, 400));
            cases.add(new Case("text rule: imagePullSecrets with " + ch, "POST", "/api/v1/tasks", JSON,
                    "{\"images\":[\"busybox:1.36\"],\"mode\":\"job\",\"imagePullSecrets\":[" + esc("regcred" + c) + "]}", ADMIN, 400));
            cases.add(new Case("text rule: mode with " + ch, "POST", "/api/v1/tasks", JSON,
                    "{\"images\":[\"busybox:1.36\"],\"mode\":" + esc("job" + c) + "}", ADMIN, 400));
            cases.add(new Case("text rule: strategy with " + ch, "POST", "/api/v1/tasks", JSON,
                    "{\"images\":[\"busybox:1.36\"],\"strategy\":" + esc("window" + c) + "}", ADMIN, 400));
            // In a deployment document: the character as a YAML escape, so that only the field's own rule can catch it.
            String y = yamlEscape(c);
            Map<String, String> docs = new java.util.LinkedHashMap<>();
            docs.put("env value", goodYaml + "    env:\n      - name: A\n        value: \"x" + y + "y\"\n");
            docs.put("env name", goodYaml + "    env:\n      - name: \"A" + y + "\"\n        value: x\n");
            docs.put("probe path", goodYaml + "    readinessProbe:\n      path: \"/x" + y + "Host: evil\"\n      port: 80\n");
            docs.put("mountPath", goodYaml + "    volumeMounts:\n      - name: data\n        mountPath: \"/data" + y + "\"\nvolumes:\n  - name: data\n    size: 1Gi\n");
            docs.put("image", goodYaml.replace("nginx:1.27", "\"nginx:1.27" + y + "\""));
            docs.put("container name", goodYaml.replace("name: web", "name: \"web" + y + "\""));
            docs.put("gpu", goodYaml + "    gpu: \"nvidia/gpu" + y + "\"\n");
            docs.forEach((field, yaml) -> cases.add(new Case("text rule: deployment " + field + " with " + ch, "PUT",
                    "/kubernetes/services/web/document", JSON, document(yaml, "web", 80), DEPLOYER, 400)));
            cases.add(new Case("text rule: document name with " + ch, "PUT", "/kubernetes/services/web/document", JSON,
                    "{\"name\":" + esc("Web" + c) + ",\"deployment\":" + quote(goodYaml) + "}", DEPLOYER, 400));
            cases.add(new Case("text rule: exposed_service with " + ch, "PUT", "/kubernetes/services/web/document", JSON,
                    "{\"name\":\"Web\",\"deployment\":" + quote(goodYaml) + ",\"exposed_service\":" + esc("web" + c) + "}", DEPLOYER, 400));
            if (c != '\t' && c != '\n' && c != '\r') {
                cases.add(new Case("text rule: raw in the deployment YAML " + ch, "PUT", "/kubernetes/services/web/document", JSON,
                        "{\"name\":\"Web\",\"deployment\":" + esc(goodYaml + "# " + c + "\n") + "}", DEPLOYER, 400));
            }
        }
    }

    private void mountPathCases(List<Case> cases, String goodYaml) {
        for (String path : List.of("/", "//", "/tmp/./x", "/a\\..\\etc", "/da\nta", "/da\u0000ta", "/data/", "data", "/a/../b",
                "/proc", "/proc/self", "/sys", "/sys/fs/cgroup", "/dev", "/dev/shm", "/etc", "/bin", "/sbin", "/lib", "/lib64",
                "/usr", "/run/secrets", "/run/secrets/x", "/var/run/secrets", "/var/run/secrets/kubernetes.io/serviceaccount",
                "/var/run/docker.sock", "/run/containerd", "/run/containerd/containerd.sock")) {
            cases.add(new Case("mount path rule: deployment " + path, "PUT", "/kubernetes/services/web/document", JSON,
                    document(goodYaml + "    volumeMounts:\n      - name: data\n        mountPath: " + esc(path)
                            + "\nvolumes:\n  - name: data\n    size: 1Gi\n", "web", 80), DEPLOYER, 400));
            cases.add(new Case("mount path rule: tenant job " + path, "POST", "/pods", JSON,
                    "{\"tenant\":\"tenant-a\",\"cmd\":\"ls\",\"vols\":[{\"pvc\":\"data\",\"mount\":" + esc(path) + "}]}", TENANT_A, 400));
        }
    }

    private void quantityAndCapCases(List<Case> cases, String goodYaml) {
        for (String[] amount : List.of(new String[] {"cpu", "1e1000"}, new String[] {"cpu", "2000"}, new String[] {"cpu", "1e9"},
                new String[] {"cpu", "1E"}, new String[] {"cpu", "-1"}, new String[] {"cpu", "0"}, new String[] {"cpu", "1.5.5"},
                new String[] {"cpu", "NaN"}, new String[] {"memory", "1E"}, new String[] {"memory", "5Ti"},
                new String[] {"memory", "1e30"}, new String[] {"memory", "1Qi"}, new String[] {"memory", "1ki"},
                new String[] {"memory", "9".repeat(40)}, new String[] {"memory", "1e999999999"})) {
            cases.add(new Case("quantity: " + amount[0] + " " + amount[1], "PUT", "/kubernetes/services/web/document", JSON,
                    document(goodYaml + "    resources:\n      limits:\n        " + amount[0] + ": \"" + amount[1] + "\"\n", "web", 80),
                    DEPLOYER, 400));
        }
        StringBuilder selector = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            selector.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        cases.add(new Case("cap: 21 nodeSelector entries", "POST", "/api/v1/tasks", JSON,
                "{\"images\":[\"busybox:1.36\"],\"nodeSelector\":{" + selector + "}}", ADMIN, 400));
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            huge.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        cases.add(new Case("cap: 20,000 nodeSelector entries", "POST", "/api/v1/tasks", JSON,
                "{\"images\":[\"busybox:1.36\"],\"nodeSelector\":{" + huge + "}}", ADMIN, 400));
        for (String key : List.of("k".repeat(64), "p".repeat(254) + "/k", "example.com/" + "k".repeat(64), "/k", "a/b/c")) {
            cases.add(new Case("cap: nodeSelector key " + key.length(), "POST", "/api/v1/tasks", JSON,
                    "{\"images\":[\"busybox:1.36\"],\"nodeSelector\":{" + quote(key) + ":\"v\"}}", ADMIN, 400));
        }
        cases.add(new Case("cap: nodeSelector value of 64", "POST", "/api/v1/tasks", JSON,
                "{\"images\":[\"busybox:1.36\"],\"nodeSelector\":{\"k\":" + quote("v".repeat(64)) + "}}", ADMIN, 400));
        StringBuilder secrets = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            secrets.append(i == 0 ? "" : ",").append("\"s").append(i).append("\"");
        }
        cases.add(new Case("cap: 11 imagePullSecrets", "POST", "/api/v1/tasks", JSON,
                "{\"images\":[\"busybox:1.36\"],\"mode\":\"job\",\"imagePullSecrets\":[" + secrets + "]}", ADMIN, 400));
        StringBuilder env = new StringBuilder("    env:\n");
        for (int i = 0; i < 101; i++) {
            env.append("      - name: V").append(i).append("\n        value: x\n");
        }
        cases.add(new Case("cap: 101 env entries", "PUT", "/kubernetes/services/web/document", JSON,
                document(goodYaml + env, "web", 80), DEPLOYER, 400));
        cases.add(new Case("cap: an env value of 40,000 characters", "PUT", "/kubernetes/services/web/document", JSON,
                document(goodYaml + "    env:\n      - name: A\n        value: " + "x".repeat(40_000) + "\n", "web", 80), DEPLOYER, 400));
        StringBuilder ports = new StringBuilder("containers:\n  - name: web\n    image: nginx:1.27\n    ports:\n");
        for (int i = 0; i < 21; i++) {
            ports.append("      - name: p").append(i).append("\n        port: ").append(8000 + i).append("\n");
        }
        cases.add(new Case("cap: 21 ports", "PUT", "/kubernetes/services/web/document", JSON, document(ports.toString(), "web", 8000),
                DEPLOYER, 400));
        StringBuilder mounts = new StringBuilder(goodYaml + "    volumeMounts:\n");
        for (int i = 0; i < 21; i++) {
            mounts.append("      - name: data\n        mountPath: /m").append(i).append("\n");
        }
        cases.add(new Case("cap: 21 volume mounts", "PUT", "/kubernetes/services/web/document", JSON,
                document(mounts + "volumes:\n  - name: data\n    size: 1Gi\n", "web", 80), DEPLOYER, 400));
        StringBuilder containers = new StringBuilder("containers:\n");
        for (int i = 0; i < 11; i++) {
            containers.append("  - name: c").append(i).append("\n    image: nginx:1.27\n");
        }
        cases.add(new Case("cap: 11 containers", "PUT", "/kubernetes/services/web/document", JSON, "{\"name\":\"Web\",\"deployment\":" + quote(containers.toString()) + "}",
                DEPLOYER, 400));
    }

    private void yamlCases(List<Case> cases, String goodYaml) {
        List<String> yamls = List.of(
                "containers:\n  - name: web\n    image: *i\n",
                "*i\n",
                "containers: *c\n",
                "containers:\n  - &c\n    name: web\n    image: nginx:1.27\n",
                "x: &i nginx:1.27\ncontainers:\n  - name: web\n    image: *i\n",
                "containers:\n  - <<: {name: web}\n    image: nginx:1.27\n",
                "containers:\n  - !Container {name: web, image: nginx:1.27}\n",
                "containers: !!set {a: null}\n",
                "containers:\n  - name: !!binary d2Vi\n    image: nginx:1.27\n",
                "containers:\n  - name: web\n    image: !!python/object:os.system nginx\n",
                "containers:\n  - name: !<tag:example.com,2000:app> web\n    image: nginx:1.27\n",
                "!!map\ncontainers: !Containers\n  - name: web\n    image: nginx:1.27\n",
                goodYaml + "replicas: !!timestamp 2001-12-14\n");
        for (String yaml : yamls) {
            cases.add(new Case("YAML beyond the core schema: deployment", "PUT", "/kubernetes/services/web/document", JSON,
                    document(yaml, "web", 80), DEPLOYER, 400));
        }
        String template = "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: busybox, args: ['{}']}]\n";
        for (String bad : List.of(template.replace("image: busybox", "image: *i"), "x: &i busybox\n" + template.replace("image: busybox", "image: *i"),
                template.replace("kind: Job", "kind: !Job Job"), template + "metadata: {<<: {name: x}}\n",
                template.replace("image: busybox", "image: \"busy\u202ebox\""))) {
            cases.add(new Case("YAML beyond the core schema: job template", "PUT", "/pods/template?tenant=tenant-a", "application/yaml",
                    bad, ADMIN, 400));
        }
    }

    private void tokenCases(List<Case> cases) {
        long now = java.time.Instant.now().getEpochSecond();
        List<Map<String, Object>> claims = List.of(
                Map.of("sub", "mallory", "iat", now),
                Map.of("iat", now, "exp", now + 600),
                Map.of("sub", "", "iat", now, "exp", now + 600),
                Map.of("sub", " ", "iat", now, "exp", now + 600),
                Map.of("sub", "mallory", "iat", now, "nbf", now + 3600, "exp", now + 7200),
                Map.of("sub", "mallory", "iat", now + 3600, "exp", now + 7200),
                Map.of("sub", "mallory", "iat", now, "exp", now + 25 * 3600),
                Map.of("sub", "mallory", "exp", now + 365L * 86400));
        for (Map<String, Object> claim : claims) {
            String token = TestTokens.signed(claim);
            cases.add(new Case("token rule: " + claim.keySet(), "POST", "/pull", JSON, body("node_name", "node-2", "image", "busybox:1.36"), token, 401));
            cases.add(new Case("token rule: " + claim.keySet(), "POST", "/api/v1/tasks", JSON, "{\"images\":[\"busybox:1.36\"]}", token, 401));
            cases.add(new Case("token rule: " + claim.keySet(), "GET", "/get/nodes", null, null, token, 401));
        }
    }

    private void httpServerCases(List<Case> cases) {
        for (String[] call : List.of(new String[] {"get", "/get/nodes"}, new String[] {"Get", "/api/v1/tasks"},
                new String[] {"post", "/pull"}, new String[] {"pOST", "/api/v1/tasks"}, new String[] {"delete", "/api/v1/tasks/x"},
                new String[] {"put", "/kubernetes/services/web/document"}, new String[] {"get", "/healthz"})) {
            cases.add(new Case("HTTP: lower-case method " + call[0], call[0], call[1], JSON,
                    call[0].equalsIgnoreCase("post") ? "{\"images\":[\"busybox:1.36\"]}" : null, ADMIN, 405));
        }
        for (String path : List.of("/console/", "/console/index.html", "/swagger-ui/", "/swagger/deckhand.yml")) {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO")) {
                cases.add(new Case("HTTP: static file " + method, method, path, JSON, "{}", null, 405));
            }
        }
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    /** A JSON string literal with every character outside printable ASCII as a \\u escape (lone surrogates too). */
    private static String esc(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The character as an escape inside a YAML double-quoted scalar. */
    private static String yamlEscape(char c) {
        return String.format("\\u%04x", (int) c);
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void everyHostileRequestGetsA4xxJsonErrorAndChangesNothing() {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 800, "only " + cases.size() + " cases");
        List<String> failures = new ArrayList<>();
        TreeSet<String> before = settledClusterState();
        for (Case c : cases) {
            String problem = check(c);
            if (problem == null) {
                TreeSet<String> after = clusterState();
                if (!after.equals(before)) {
                    TreeSet<String> added = new TreeSet<>(after);
                    added.removeAll(before);
                    TreeSet<String> gone = new TreeSet<>(before);
                    gone.removeAll(after);
                    problem = "changed the cluster: new " + added + ", gone or changed " + gone;
                    before = after;
                }
            }
            if (problem != null) {
                failures.add(c.what() + ": " + c.method() + " " + abbreviate(c.path()) + " " + abbreviate(c.body()) + " -> " + problem);
            }
        }
        System.out.println("bad input: " + (cases.size() - failures.size()) + " passed, " + failures.size() + " failed");
        assertEquals(List.of(), failures);
    }

    /** What an error names only by leaking how it was parsed: a source excerpt, our classes, a library's. */
    private static final List<String> INTERNALS = List.of("[Source:", "(byte[])", "(String)\"", "dev.deckhand.", "com.fasterxml",
            "io.micronaut", "java.lang.", "java.util.");

    /** Null when the answer is right. */
    private String check(Case c) {
        HttpResponse<String> response = send(c);
        int status = response.statusCode();
        boolean statusOk = c.status() == 0 ? status >= 400 && status < 500 : status == c.status();
        if (!statusOk) {
            return "status " + status + " (wanted " + (c.status() == 0 ? "4xx" : c.status()) + "): " + abbreviate(response.body());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith(JSON)) {
            return "Content-Type " + type + ": " + abbreviate(response.body());
        }
        Map<?, ?> body;
        try {
            body = json.readValue(response.body(), Map.class);
        } catch (IOException | RuntimeException e) {
            return "body is not a JSON object: " + abbreviate(response.body());
        }
        Object error = body == null ? null : body.get("error");
        if (!(error instanceof String text) || text.isBlank()) {
            return "no error message: " + abbreviate(response.body());
        }
        if (response.body().contains("\tat ") || response.body().contains("Exception:")) {
            return "a stack trace or exception name in the body: " + abbreviate(response.body());
        }
        for (String internal : INTERNALS) {
            if (text.contains(internal)) {
                return "parser or class internals (" + internal + ") in the error: " + abbreviate(response.body());
            }
        }
        return null;
    }

    private HttpResponse<String> send(Case c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + c.path()));
        if (c.token() != null) {
            request.header("Authorization", "Bearer " + c.token());
        }
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        if (c.encoding() != null) {
            request.header("Content-Encoding", c.encoding());
        }
        request.method(c.method(), c.raw() != null ? HttpRequest.BodyPublishers.ofByteArray(c.raw())
                : c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(c.method() + " " + c.path(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The state once the sandbox's own controllers are done with the seeded objects (the demo PVCs bind). */
    private TreeSet<String> settledClusterState() {
        TreeSet<String> last = clusterState();
        for (int i = 0; i < 60; i++) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            TreeSet<String> now = clusterState();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the sandbox did not settle: " + last);
    }

    /** Every object of the kinds Deckhand writes, by kind/namespace/name@resourceVersion, and every node's images. */
    private TreeSet<String> clusterState() {
        KubernetesClient k = cluster.client();
        TreeSet<String> state = new TreeSet<>();
        List<List<? extends HasMetadata>> lists = List.of(
                k.apps().deployments().inAnyNamespace().list().getItems(),
                k.services().inAnyNamespace().list().getItems(),
                k.batch().v1().jobs().inAnyNamespace().list().getItems(),
                k.persistentVolumeClaims().inAnyNamespace().list().getItems(),
                k.configMaps().inAnyNamespace().list().getItems(),
                k.secrets().inAnyNamespace().list().getItems(),
                k.namespaces().list().getItems());
        for (List<? extends HasMetadata> list : lists) {
            for (HasMetadata o : list) {
                state.add(o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()
                        + "@" + o.getMetadata().getResourceVersion());
            }
        }
        for (ResourceDefinitionContext custom : CUSTOM) {
            k.genericKubernetesResources(custom).inAnyNamespace().list().getItems().forEach(o -> state.add(
                    custom.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()
                            + "@" + o.getMetadata().getResourceVersion()));
        }
        for (String node : cluster.nodeNames()) {
            for (AgentImage image : cluster.agents().images(node)) {
                state.add("image " + node + " " + image.repoTags());
            }
        }
        return state;
    }

    private String body(String k1, String v1, String k2, String v2) {
        return "{" + quote(k1) + ":" + quote(v1) + "," + quote(k2) + ":" + quote(v2) + "}";
    }

    private String document(String yaml, String exposedService, int exposedPort) {
        return "{\"name\":\"Web\",\"deployment\":" + quote(yaml) + ",\"exposed_service\":" + quote(exposedService)
                + ",\"exposed_port\":" + exposedPort + "}";
    }

    private String quote(String s) {
        try {
            return json.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replace("\n", "\\n");
        return one.length() > 160 ? one.substring(0, 160) + "..." : one;
    }
}
