package dev.deckhand.apps;

import dev.deckhand.auth.TestTokens;
import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Seed 004 end to end: the functions, the production Kubernetes client, the sandbox's API server and node simulator. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppsApiTest implements TestPropertyProvider {

    static final String NS = "deckhand-apps";
    static final ResourceDefinitionContext DOCUMENTS = new ResourceDefinitionContext.Builder()
            .withGroup("deckhand.dev").withVersion("v1").withPlural("servicedocuments").withKind("ServiceDocument")
            .withNamespaced(true).build();

    /** The seed's example, with a 1Gi volume (its gpu line left out: the sandbox's nodes have no GPUs). */
    static final String NGINX_YAML = """
            containers:
              - name: nginx
                image: "nginx:latest"
                ports:
                  - name: default
                    port: 80
                volumeMounts:
                  - name: mydata
                    mountPath: /mydata
                    readOnly: true
            volumes:
              - name: mydata
                size: 1Gi
            """;

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    private ApiTestSupport api;
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
        return Map.of("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @BeforeAll
    void client() {
        api = new ApiTestSupport(server.getURL(), json);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void seedNginxExampleDeploysRunsWithABoundVolumeAndDeletesWithoutATrace() {
        String id = "nginx-demo";
        ApiTestSupport.Answer stored = put("/kubernetes/services/" + id + "/document", document("My NGINX Service", NGINX_YAML, "nginx", 80));
        assertEquals(200, stored.status(), stored.body());
        ApiTestSupport.Answer read = api.get("/kubernetes/services/" + id + "/document");
        assertEquals(200, read.status(), read.body());
        assertEquals("nginx", read.text("exposed_service"));
        assertEquals(80, read.json().get("exposed_port").getIntValue());

        ApiTestSupport.Answer deployed = put("/kubernetes/services/" + id + "/deploy", "");
        assertEquals(200, deployed.status(), deployed.body());
        assertEquals("Deployment", deployed.text("kind"));
        assertFalse(deployed.body().contains("[]") || deployed.body().contains("\"overhead\""),
                "empty lists and maps are left out, as the API server leaves them out: " + deployed.body());
        assertEquals("Recreate", deployed.json().get("spec").get("strategy").get("type").getStringValue(),
                "a Deployment mounting a ReadWriteOnce volume is rolled out with Recreate");
        JsonNode security = deployed.json().get("spec").get("template").get("spec").get("containers").get(0).get("securityContext");
        assertFalse(security.get("allowPrivilegeEscalation").getBooleanValue());
        assertEquals("ALL", security.get("capabilities").get("drop").get(0).getStringValue());
        assertEquals("RuntimeDefault", security.get("seccompProfile").get("type").getStringValue());

        JsonNode status = awaitStatus(id, s -> s.get("pods").size() == 1
                && "Running".equals(s.get("pods").get(0).get("phase").getStringValue())
                && s.get("pods").get(0).get("containers").get(0).get("ready").getBooleanValue()
                && "Bound".equals(s.get("volumes").get(0).get("phase").getStringValue()));
        assertEquals(1, status.get("replicas").getIntValue());
        assertEquals(1, status.get("currentReplicas").getIntValue());
        JsonNode container = status.get("pods").get(0).get("containers").get(0);
        assertEquals("nginx", container.get("name").getStringValue());
        assertTrue(container.get("started").getBooleanValue());
        JsonNode volume = status.get("volumes").get(0);
        assertEquals("mydata", volume.get("name").getStringValue());
        assertEquals("1Gi", volume.get("capacity").getStringValue());
        List<String> reasons = new ArrayList<>();
        awaitStatus(id, s -> {
            reasons.clear();
            s.get("events").values().forEach(e -> reasons.add(e.get("reason").getStringValue()));
            return reasons.containsAll(List.of("Scheduled", "Pulling", "Pulled", "Started"));
        });
        JsonNode rollout = awaitStatus(id, s -> s.get("rollout").get("complete").getBooleanValue()).get("rollout");
        assertEquals(1, rollout.get("availableReplicas").getIntValue());
        assertEquals(rollout.get("generation").getLongValue(), rollout.get("observedGeneration").getLongValue());
        io.fabric8.kubernetes.api.model.Service service = cluster.client().services().inNamespace(NS).withName("svc-" + id).get();
        assertNotNull(service, "the exposed port gets a Service");
        assertEquals(80, service.getSpec().getPorts().get(0).getPort());

        ApiTestSupport.Answer deleted = api.delete("/kubernetes/services/" + id + "?document=true");
        assertEquals(200, deleted.status(), deleted.body());
        awaitNothingCarries(id);
        assertEquals(404, api.delete("/kubernetes/services/" + id).status(), "a second delete finds nothing to delete");
        assertEquals(404, api.get("/kubernetes/services/" + id).status());
        assertEquals(404, api.get("/kubernetes/services/" + id + "/document").status());
    }

    @Test
    void redeployingAnUnchangedDocumentWritesNothingAndAChangedOneUpdatesInPlace() {
        String id = "redeploy";
        assertEquals(200, put("/kubernetes/services/" + id, document("web", NGINX_YAML, "nginx", null)).status());
        ApiTestSupport.Answer first = put("/kubernetes/services/" + id + "/deploy", "");
        assertEquals(200, first.status(), first.body());
        String uid = deployment(id).getMetadata().getUid();

        cluster.resetRequestStats();
        HttpResponse<String> again = putRaw("/kubernetes/services/" + id + "/deploy", "");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("none", again.headers().firstValue(AppsController.CHANGES_HEADER).orElse(null));
        assertEquals(0, cluster.requestStats().writes(), "an unchanged document writes nothing: " + cluster.requestStats());

        // The claim is expanded once Bound; while it is still Pending its pod may already be scheduled and hold it, and a
        // recreate then waits for that pod (AppsVolumesApiTest covers both paths). Here: the in-place update of a Bound one.
        awaitStatus(id, s -> s.get("volumes").size() == 1 && "Bound".equals(s.get("volumes").get(0).get("phase").getStringValue()));
        String changed = NGINX_YAML.replace("nginx:latest", "nginx:1.27").replace("size: 1Gi", "size: 2Gi");
        assertEquals(200, put("/kubernetes/services/" + id, document("web", changed, "nginx", null)).status());
        HttpResponse<String> update = putRaw("/kubernetes/services/" + id + "/deploy", "");
        assertEquals(200, update.statusCode(), update.body());
        String changes = update.headers().firstValue(AppsController.CHANGES_HEADER).orElse("");
        assertTrue(changes.contains("replace Deployment svc-" + id) && changes.contains("PersistentVolumeClaim svc-" + id + "-mydata"), changes);
        Deployment updated = deployment(id);
        assertEquals(uid, updated.getMetadata().getUid(), "updated in place, not recreated");
        assertEquals("nginx:1.27", updated.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals("2Gi", cluster.client().persistentVolumeClaims().inNamespace(NS).withName("svc-" + id + "-mydata").get()
                .getSpec().getResources().getRequests().get("storage").toString());

        // The exposed port taken out of the document: its Service goes.
        assertEquals(200, put("/kubernetes/services/" + id, document("web", changed, null, null)).status());
        assertEquals(200, put("/kubernetes/services/" + id + "/deploy", "").status());
        assertEquals(null, cluster.client().services().inNamespace(NS).withName("svc-" + id).get());
        assertEquals(200, api.delete("/kubernetes/services/" + id + "?document=true").status());
        awaitNothingCarries(id);
    }

    @Test
    void badDocumentsAreA400NamingTheFieldAndCreateNothing() {
        String id = "bad";
        List<String[]> cases = List.of(
                new String[]{NGINX_YAML.replace("port: 80", "port: 70000"), "containers[0].ports[0].port"},
                new String[]{NGINX_YAML.replace("port: 80", "port: \"80\""), "containers[0].ports[0].port"},
                new String[]{NGINX_YAML.replace("readOnly: true", "readOnly: true\n        privileged: true"), "containers[0].volumeMounts[0]"},
                new String[]{NGINX_YAML.replace("  - name: nginx\n", "  - name: nginx\n    hostPath: /etc\n"), "hostPath"},
                new String[]{NGINX_YAML.replace("- name: mydata\n        mountPath", "- name: other\n        mountPath"), "containers[0].volumeMounts[0].name"},
                new String[]{NGINX_YAML.replace("size: 1Gi", "size: 1Ti"), "volumes[0].size"},
                new String[]{NGINX_YAML.replace("name: nginx", "name: Nginx_1"), "containers[0].name"},
                new String[]{NGINX_YAML.replace("nginx:latest", "nginx:la test"), "containers[0].image"},
                new String[]{NGINX_YAML.replace("image: \"nginx:latest\"", "image: \"nginx:latest\"\n    gpu: tpu"), "containers[0].gpu"},
                new String[]{"containers: [ {name: x", ""});
        for (String[] c : cases) {
            ApiTestSupport.Answer answer = put("/kubernetes/services/" + id + "/document", document("bad", c[0], "nginx", 80));
            assertEquals(400, answer.status(), c[0] + " -> " + answer.body());
            assertTrue(answer.text("error").contains(c[1]), "the error should name " + c[1] + ": " + answer.body());
        }
        ApiTestSupport.Answer wrongPort = put("/kubernetes/services/" + id + "/document", document("bad", NGINX_YAML, "nginx", 81));
        assertEquals(400, wrongPort.status());
        assertTrue(wrongPort.text("error").startsWith("exposed_port"), wrongPort.body());
        ApiTestSupport.Answer wrongService = put("/kubernetes/services/" + id + "/document", document("bad", NGINX_YAML, "web", 80));
        assertTrue(wrongService.text("error").startsWith("exposed_service"), wrongService.body());
        ApiTestSupport.Answer typed = put("/kubernetes/services/" + id + "/document",
                "{\"name\":\"bad\",\"deployment\":\"x: 1\",\"exposed_port\":\"80\"}");
        assertEquals(400, typed.status());
        assertTrue(typed.text("error").startsWith("exposed_port"), typed.body());
        ApiTestSupport.Answer badId = put("/kubernetes/services/Bad_Id/document", document("bad", NGINX_YAML, "nginx", 80));
        assertEquals(400, badId.status());
        assertTrue(badId.text("error").startsWith("id"), badId.body());

        assertEquals(404, put("/kubernetes/services/" + id + "/deploy", "").status(), "nothing was stored, so nothing deploys");
        assertTrue(carrying(id).isEmpty(), "a rejected document creates nothing: " + carrying(id));
    }

    @Test
    void aDeployThatFailsHalfwayRollsBackWhatItCreated() {
        String id = "clash";
        // A Service of the name Deckhand would use, not Deckhand's: the third write of the deploy fails.
        cluster.client().services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("svc-" + id)
                .endMetadata().withNewSpec().addNewPort().withPort(8080).endPort().endSpec().build()).create();
        assertEquals(200, put("/kubernetes/services/" + id + "/document", document("clash", NGINX_YAML, "nginx", 80)).status());
        ApiTestSupport.Answer answer = put("/kubernetes/services/" + id + "/deploy", "");
        assertEquals(409, answer.status(), answer.body());
        assertTrue(answer.text("error").contains("svc-" + id), answer.body());
        // The rolled-back PVC goes once the pvc-protection controller (the simulator) lets it go.
        awaitNothingCarries(id, "ServiceDocument");
        assertEquals(8080, cluster.client().services().inNamespace(NS).withName("svc-" + id).get().getSpec().getPorts().get(0).getPort(),
                "the Service that was in the way is left alone");
        assertEquals(404, api.get("/kubernetes/services/" + id).status());

        // Out of the way: a retry deploys.
        cluster.client().services().inNamespace(NS).withName("svc-" + id).delete();
        awaitGone(() -> cluster.client().services().inNamespace(NS).withName("svc-" + id).get());
        assertEquals(200, put("/kubernetes/services/" + id + "/deploy", "").status());
        assertEquals(200, api.delete("/kubernetes/services/" + id + "?document=true").status());
        awaitNothingCarries(id);
    }

    @Test
    void statusShowsAnImagePullFailureWithItsEvent() {
        String id = "broken";
        String yaml = NGINX_YAML.replace("nginx:latest", "fail.invalid/app:1");
        assertEquals(200, put("/kubernetes/services/" + id + "/document", document("broken", yaml, "nginx", 80)).status());
        assertEquals(200, put("/kubernetes/services/" + id + "/deploy", "").status());
        // The simulator records the event and the container's waiting reason in two writes: wait for both.
        JsonNode status = awaitStatus(id, s -> s.get("pods").size() == 1 && events(s).stream()
                .anyMatch(e -> "Failed".equals(e.get("reason").getStringValue()))
                && s.get("pods").get(0).get("containers").get(0).get("reason") != null);
        JsonNode pod = status.get("pods").get(0);
        assertEquals("Pending", pod.get("phase").getStringValue());
        JsonNode container = pod.get("containers").get(0);
        assertFalse(container.get("ready").getBooleanValue());
        assertEquals("waiting", container.get("state").getStringValue());
        assertTrue(List.of("ErrImagePull", "ImagePullBackOff").contains(container.get("reason").getStringValue()), container.toString());
        JsonNode failed = events(status).stream().filter(e -> "Failed".equals(e.get("reason").getStringValue()))
                .findFirst().orElseThrow();
        assertEquals("Warning", failed.get("type").getStringValue());
        assertTrue(failed.get("message").getStringValue().contains("fail.invalid"), failed.toString());
        assertFalse(status.get("rollout").get("complete").getBooleanValue());
        assertEquals(200, api.delete("/kubernetes/services/" + id + "?document=true").status());
        awaitNothingCarries(id);
    }

    @Test
    void theListShowsStoredAndDeployedServicesWithALineOfStatusEach() {
        String plain = """
                containers:
                  - name: web
                    image: "nginx:latest"
                    ports:
                      - name: default
                        port: 80
                """;
        assertEquals(200, put("/kubernetes/services/list-stored/document", document("Only stored", plain, "web", 80)).status());
        assertEquals(200, put("/kubernetes/services/list-running/document", document("Running one", plain, "web", 80)).status());
        assertEquals(200, put("/kubernetes/services/list-running/deploy", "").status());
        assertEquals(200, put("/kubernetes/services/list-orphan/document", document("Orphan", plain, "web", 80)).status());
        assertEquals(200, put("/kubernetes/services/list-orphan/deploy", "").status());
        cluster.client().genericKubernetesResources(DOCUMENTS).inNamespace(NS).withName("list-orphan").delete();
        awaitGone(() -> cluster.client().genericKubernetesResources(DOCUMENTS).inNamespace(NS).withName("list-orphan").get());

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ApiTestSupport.Answer list = api.get("/kubernetes/services");
        while (!"ready".equals(line(list, "list-running").get("state").getStringValue()) && System.nanoTime() < deadline) {
            sleep();
            list = api.get("/kubernetes/services");
        }
        assertEquals(200, list.status(), list.body());
        assertEquals("{\"id\":\"list-stored\",\"name\":\"Only stored\",\"document\":true,\"deployed\":false,"
                + "\"readyReplicas\":0,\"replicas\":0,\"state\":\"stored\"}", text(line(list, "list-stored")));
        assertEquals("{\"id\":\"list-running\",\"name\":\"Running one\",\"document\":true,\"deployed\":true,"
                + "\"readyReplicas\":1,\"replicas\":1,\"state\":\"ready\"}", text(line(list, "list-running")));
        JsonNode orphan = line(list, "list-orphan");
        assertTrue(orphan.get("name").isNull(), text(orphan));
        assertFalse(orphan.get("document").getBooleanValue());
        assertTrue(orphan.get("deployed").getBooleanValue());
        List<String> ids = new ArrayList<>();
        list.json().values().forEach(l -> ids.add(l.get("id").getStringValue()));
        assertEquals(ids.stream().sorted().toList(), ids, "by id");

        cluster.client().apps().deployments().inNamespace(NS).withName("svc-list-running").scale(0);
        assertEquals("stopped", line(api.get("/kubernetes/services"), "list-running").get("state").getStringValue());
        assertEquals(200, api.delete("/kubernetes/services/list-running?document=true").status());
        assertEquals(200, api.delete("/kubernetes/services/list-orphan").status());
        assertEquals(200, api.delete("/kubernetes/services/list-stored?document=true").status());
        ApiTestSupport.Answer after = api.get("/kubernetes/services");
        for (String id : List.of("list-stored", "list-running", "list-orphan")) {
            assertFalse(after.body().contains("\"" + id + "\""),
                    id + " is gone: " + after.body());
        }
    }

    private String text(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode line(ApiTestSupport.Answer list, String id) {
        for (JsonNode line : list.json().values()) {
            if (id.equals(line.get("id").getStringValue())) {
                return line;
            }
        }
        fail(id + " is not listed: " + list.body());
        return null;
    }

    @Test
    void unknownServicesAre404AndBadIds400() {
        assertEquals(404, api.get("/kubernetes/services/nope").status());
        assertEquals(404, api.delete("/kubernetes/services/nope").status());
        assertEquals(404, api.get("/kubernetes/services/nope/document").status());
        assertEquals(404, put("/kubernetes/services/nope/deploy", "").status());
        ApiTestSupport.Answer bad = api.get("/kubernetes/services/-x-");
        assertEquals(400, bad.status());
        assertNotNull(bad.text("error"));
        assertEquals(400, api.delete("/kubernetes/services/nope?document=maybe").status());
    }

    // ---------------------------------------------------------------------------------------------------------

    private String document(String name, String yaml, String exposedService, Integer exposedPort) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("deployment", yaml);
        if (exposedService != null) {
            body.put("exposed_service", exposedService);
        }
        if (exposedPort != null) {
            body.put("exposed_port", exposedPort);
        }
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiTestSupport.Answer put(String path, String body) {
        HttpResponse<String> response = putRaw(path, body);
        String type = response.headers().firstValue("Content-Type").orElse("");
        try {
            JsonNode tree = type.startsWith("application/json") ? json.readValue(response.body(), JsonNode.class) : null;
            return new ApiTestSupport.Answer(response.statusCode(), type, response.body(), tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> putRaw(String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(server.getURL().toString().replaceAll("/$", "") + path))
                    .header("Content-Type", "application/json").header("Authorization", TestTokens.bearer(TestTokens.admin())).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> events(JsonNode status) {
        List<JsonNode> events = new ArrayList<>();
        status.get("events").values().forEach(events::add);
        return events;
    }

    private Deployment deployment(String id) {
        return cluster.client().apps().deployments().inNamespace(NS).withName("svc-" + id).get();
    }

    private JsonNode awaitStatus(String id, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ApiTestSupport.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = api.get("/kubernetes/services/" + id);
            if (last.status() == 200 && done.test(last.json())) {
                return last.json();
            }
            sleep();
        }
        fail("status never got there: " + (last == null ? null : last.body()));
        return null;
    }

    /** Every object in the namespace whose labels name the service id, documents included. */
    private List<HasMetadata> carrying(String id) {
        String label = AppRenderer.SERVICE_ID;
        List<HasMetadata> found = new ArrayList<>();
        var client = cluster.client();
        found.addAll(client.apps().deployments().inNamespace(NS).withLabel(label, id).list().getItems());
        found.addAll(client.services().inNamespace(NS).withLabel(label, id).list().getItems());
        found.addAll(client.persistentVolumeClaims().inNamespace(NS).withLabel(label, id).list().getItems());
        found.addAll(client.pods().inNamespace(NS).withLabel(label, id).list().getItems());
        found.addAll(client.genericKubernetesResources(DOCUMENTS).inNamespace(NS).withLabel(label, id).list().getItems());
        // Anything named after the id, labelled or not.
        client.apps().deployments().inNamespace(NS).list().getItems().stream()
                .filter(d -> d.getMetadata().getName().equals("svc-" + id) && !found.contains(d)).forEach(found::add);
        client.persistentVolumeClaims().inNamespace(NS).list().getItems().stream()
                .filter(d -> d.getMetadata().getName().startsWith("svc-" + id + "-") && !found.contains(d)).forEach(found::add);
        return found;
    }

    /** Waits until no object carries the service's labels or name, but those of the kinds {@code staying}. */
    private void awaitNothingCarries(String id, String... staying) {
        List<String> stays = List.of(staying);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (carrying(id).stream().anyMatch(o -> !stays.contains(o.getKind()))) {
            if (System.nanoTime() > deadline) {
                fail("objects of service " + id + " are left: " + carrying(id).stream()
                        .map(o -> o.getKind() + " " + o.getMetadata().getName() + (o.getMetadata().getDeletionTimestamp() == null
                                ? "" : " (deleted " + o.getMetadata().getDeletionTimestamp() + ", finalizers "
                                + o.getMetadata().getFinalizers() + ")")).toList());
            }
            sleep();
        }
    }

    private static void awaitGone(java.util.function.Supplier<Object> read) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (read.get() != null) {
            if (System.nanoTime() > deadline) {
                fail("still there");
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
