package dev.deckhand.services;

import dev.deckhand.auth.TestTokens;
import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Seed 001's routes over HTTP against the sandbox: codes and bodies as the seed documents them. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesApiTest implements TestPropertyProvider {

    static final String NS = "deckhand-services";
    static final String NOT_FOUND = "{\"error\":\"Not found\"}";
    static final String BAD_REQUEST = "{\"error\":\"Bad Request\"}";
    static final String CREATED = "{\"body\":\"Successfuly created!\"}";

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    ServicesReconciler reconciler;

    private ApiTestSupport api;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.services.namespace", NS,
                "deckhand.services.run-timeout", "20s",
                "deckhand.services.run-poll-interval", "200ms",
                // Where the reconciler reads compose services from (the ConfigMap is created by a test).
                "deckhand.services.desired-config-map", "deckhand-services");
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private ApiTestSupport api() {
        if (api == null) {
            api = new ApiTestSupport(server.getURL(), json);
        }
        return api;
    }

    @Test
    @Order(1)
    void withNoServiceEveryReadIsTheSeeds404() {
        for (String path : List.of("/services", "/services/latest", "/services/latest/nginx:1.27", "/services/0b0e6a9e-1",
                "/services/name/web")) {
            ApiTestSupport.Answer answer = api().get(path);
            assertEquals(404, answer.status(), path);
            assertEquals(NOT_FOUND, answer.body(), path);
        }
    }

    @Test
    @Order(2)
    void aDetachedServiceIsCreatedListedAndFoundByIdNameAndLatest() throws Exception {
        HttpResponse<String> created = rawPost("{\"image\": \"nginx:1.27\"}");
        assertEquals(201, created.statusCode());
        assertEquals(CREATED, created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring("/services/".length());

        ApiTestSupport.Answer one = eventually(() -> api().get(location), a -> "running".equals(a.text("status")), "the service runs");
        assertEquals(200, one.status());
        assertEquals(List.of("id", "name", "image", "status", "created", "replicas", "published_port", "detached", "origin"), one.fields());
        assertEquals(id, one.text("id"));
        assertEquals("nginx:1.27", one.text("image"));
        assertEquals(1, one.json().get("replicas").getIntValue());
        assertTrue(one.json().get("published_port").isNull(), "nothing published: " + one.body());
        String name = one.text("name");
        assertTrue(name.startsWith("nginx-"), name);

        Deployment deployment = cluster.client().apps().deployments().inNamespace(NS).withName(name).get();
        assertNotNull(deployment, "a Deployment named " + name);
        assertEquals("deckhand", deployment.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals(id, deployment.getMetadata().getLabels().get(ServiceLabels.ID));
        Service anchor = cluster.client().services().inNamespace(NS).withName(name).get();
        assertEquals("None", anchor.getSpec().getClusterIP(), "unpublished: a headless Service that stores the service");

        assertEquals(id, api().get("/services/name/" + name).text("id"));
        assertEquals(id, api().get("/services/latest").text("id"));
        assertEquals(id, api().get("/services/latest/nginx:1.27").text("id"));
        ApiTestSupport.Answer all = api().get("/services");
        assertEquals(200, all.status());
        assertTrue(all.json().isArray() && all.json().size() >= 1, all.body());
    }

    @Test
    @Order(3)
    void latestByImageWorksForRegistryPathsWithPortsSlashesAndTags() throws Exception {
        String image = "registry.example.com:5000/team/app:1.2";
        String older = rawPost("{\"image\": \"" + image + "\"}").headers().firstValue("Location").orElseThrow();
        Thread.sleep(5);
        String newer = rawPost("{\"image\": \"" + image + "\", \"detached\": true}").headers().firstValue("Location").orElseThrow();
        rawPost("{\"image\": \"registry.example.com:5000/team/other:1.2\"}");

        ApiTestSupport.Answer latest = api().get("/services/latest/" + image);
        assertEquals(200, latest.status(), latest.body());
        assertEquals(image, latest.text("image"));
        assertEquals(newer, "/services/" + latest.text("id"));
        assertTrue(!older.equals(newer));
        assertTrue(latest.text("name").startsWith("app-"), latest.text("name"));
        assertEquals(404, api().get("/services/latest/registry.example.com:5000/team/app:9.9").status());
    }

    @Test
    @Order(4)
    void publishingAnIntegerUsesThatNodePortAndTrueLeavesItToTheCluster() throws Exception {
        String fixed = rawPost("{\"image\": \"nginx:1.27\", \"publish\": 30080}").headers().firstValue("Location").orElseThrow();
        ApiTestSupport.Answer view = api().get(fixed);
        assertEquals(30080, view.json().get("published_port").getIntValue());
        Service service = cluster.client().services().inNamespace(NS).withName(view.text("name")).get();
        assertEquals("NodePort", service.getSpec().getType());
        assertEquals(30080, service.getSpec().getPorts().get(0).getNodePort());
        assertEquals(80, service.getSpec().getPorts().get(0).getPort());

        String assigned = rawPost("{\"image\": \"nginx:1.27\", \"publish\": true}").headers().firstValue("Location").orElseThrow();
        ApiTestSupport.Answer assignedView = api().get(assigned);
        Service cluster2 = cluster.client().services().inNamespace(NS).withName(assignedView.text("name")).get();
        assertEquals("NodePort", cluster2.getSpec().getType());
        // Deckhand asks for no port; the API server (the sandbox's as a real one) assigns one, and the JSON shows it.
        Integer given = cluster2.getSpec().getPorts().get(0).getNodePort();
        assertTrue(given != null && given >= 30000 && given <= 32767 && given != 30080, String.valueOf(given));
        assertEquals(given, assignedView.json().get("published_port").getIntValue(), assignedView.body());

        String none = rawPost("{\"image\": \"nginx:1.27\", \"publish\": false}").headers().firstValue("Location").orElseThrow();
        ApiTestSupport.Answer noneView = api().get(none);
        assertEquals("None", cluster.client().services().inNamespace(NS).withName(noneView.text("name")).get().getSpec().getClusterIP());
    }

    @Test
    @Order(5)
    void anAttachedRunAnswersWithItsOutcomeAndTheTailOfItsOutput() throws Exception {
        HttpResponse<String> ok = rawPost("{\"image\": \"busybox:1.36\", \"detached\": false}");
        assertEquals(201, ok.statusCode(), ok.body());
        ApiTestSupport.Answer run = parse(ok);
        assertEquals("Successfuly created!", run.text("body"));
        assertEquals("succeeded", run.text("outcome"), ok.body());
        assertEquals(0, run.json().get("exit_code").getIntValue());
        assertTrue(run.text("output").contains("exited with code 0"), run.text("output"));
        assertEquals("succeeded", api().get("/services/" + run.text("id")).text("status"));
        assertNotNull(cluster.client().batch().v1().jobs().inNamespace(NS).withName(run.text("name")).get(), "a Job");

        ApiTestSupport.Answer failed = parse(rawPost("{\"image\": \"fail.invalid/app:1\", \"detached\": false}"));
        assertEquals("failed", failed.text("outcome"), failed.body());
    }

    @ParameterizedTest
    @Order(6)
    @ValueSource(strings = {
            "", "{", "not json", "[]", "\"nginx\"", "{}", "{\"image\": 5}", "{\"image\": \"\"}", "{\"image\": \"Not An Image\"}",
            "{\"image\": \"nginx:1.27\", \"detached\": \"yes\"}", "{\"image\": \"nginx:1.27\", \"publish\": \"yes\"}",
            "{\"image\": \"nginx:1.27\", \"publish\": 80}", "{\"image\": \"nginx:1.27\", \"publish\": 32768}",
            "{\"image\": \"nginx:1.27\", \"publish\": 30080.5}", "{\"image\": \"nginx:1.27\", \"publish\": [30080]}",
            "{\"image\": \"nginx:1.27\", \"ports\": 1}", "{\"image\": \"nginx:1.27\", \"detached\": false, \"publish\": true}"})
    void badBodiesGetTheSeeds400AndNothingIsCreated(String body) throws Exception {
        int before = objects();
        HttpResponse<String> answer = rawPost(body);
        assertEquals(400, answer.statusCode(), body + " -> " + answer.body());
        assertEquals(BAD_REQUEST, answer.body(), body);
        assertTrue(answer.headers().firstValue(ServicesErrorHandlers.DETAIL_HEADER).isPresent(), "the reason, in a header");
        assertEquals(before, objects(), "nothing created for " + body);
    }

    @Test
    @Order(7)
    void unknownIdsNamesAndImagesAreTheSeeds404() {
        for (String path : List.of("/services/no-such-id", "/services/name/no-such-name", "/services/latest/no/such:image")) {
            ApiTestSupport.Answer answer = api().get(path);
            assertEquals(404, answer.status(), path);
            assertEquals(NOT_FOUND, answer.body(), path);
        }
    }

    @Test
    @Order(8)
    void deletingADetachedServiceRemovesItsDeploymentAndServiceAtOnce() throws Exception {
        String location = rawPost("{\"image\": \"nginx:1.27\", \"publish\": 30081}").headers().firstValue("Location").orElseThrow();
        String id = location.substring("/services/".length());
        String name = api().get(location).text("name");
        assertNotNull(cluster.client().services().inNamespace(NS).withName(name).get());

        ApiTestSupport.Answer deleted = api().delete(location);
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(List.of("body", "id", "name", "deleted"), deleted.fields());
        assertEquals("Successfully deleted!", deleted.text("body"));
        assertEquals(id, deleted.text("id"));
        assertEquals(name, deleted.text("name"));
        assertEquals(List.of("deployment " + name, "service " + name), strings(deleted.json().get("deleted")));
        assertNull(cluster.client().apps().deployments().inNamespace(NS).withName(name).get(), "Deployment gone");
        assertNull(cluster.client().services().inNamespace(NS).withName(name).get(), "Service gone");

        assertEquals(NOT_FOUND, api().get(location).body(), "gone from the reads at once");
        ApiTestSupport.Answer again = api().delete(location);
        assertEquals(404, again.status());
        assertEquals(NOT_FOUND, again.body());
        // Its node port is free again.
        HttpResponse<String> reused = rawPost("{\"image\": \"nginx:1.27\", \"publish\": 30081}");
        assertEquals(201, reused.statusCode(), reused.body());
    }

    @Test
    @Order(9)
    void deletingARunRemovesItsJob() throws Exception {
        ApiTestSupport.Answer run = parse(rawPost("{\"image\": \"busybox:1.36\", \"detached\": false}"));
        String name = run.text("name");
        ApiTestSupport.Answer deleted = api().delete("/services/" + run.text("id"));
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(List.of("job " + name), strings(deleted.json().get("deleted")));
        assertNull(cluster.client().batch().v1().jobs().inNamespace(NS).withName(name).get(), "Job gone");
        assertEquals(404, api().get("/services/" + run.text("id")).status());
    }

    @Test
    @Order(10)
    void aNodePortAnotherServiceHoldsIsRefusedWith409NamingItAndNothingIsCreated() throws Exception {
        cluster.client().services().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("legacy-web").endMetadata()
                .withNewSpec().withType("NodePort").addNewPort().withPort(80).withNodePort(30090).endPort().endSpec()
                .build()).create();
        int before = objects();
        HttpResponse<String> taken = rawPost("{\"image\": \"nginx:1.27\", \"publish\": 30090}");
        assertEquals(409, taken.statusCode(), taken.body());
        assertEquals("{\"error\":\"node port 30090 is already held by Service default/legacy-web\"}", taken.body());
        assertEquals(before, objects(), "nothing created");

        // One of Deckhand's own services holds 30080 (test 4).
        HttpResponse<String> ours = rawPost("{\"image\": \"nginx:1.27\", \"publish\": 30080}");
        assertEquals(409, ours.statusCode(), ours.body());
        assertTrue(ours.body().contains("held by Service " + NS + "/nginx-"), ours.body());
        assertEquals(before, objects(), "nothing created");
    }

    @Test
    @Order(11)
    void aComposeServiceIsNotDeletedWhileTheComposeFileDeclaresIt() {
        cluster.client().configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("deckhand-services").endMetadata()
                .addToData("docker-compose.yml", "services:\n  cache:\n    image: redis:7\n").build()).create();
        reconciler.reconcile();
        String id = ServicesPlanner.composeId("cache");
        assertEquals("compose", api().get("/services/" + id).text("origin"));

        ApiTestSupport.Answer refused = api().delete("/services/" + id);
        assertEquals(409, refused.status(), refused.body());
        assertEquals("service cache is declared by the compose file (the reconciler's desired services); remove it there and "
                + "the next reconcile pass deletes it", refused.text("error"));
        assertNotNull(cluster.client().apps().deployments().inNamespace(NS).withName("cache").get(), "still there");
    }

    private static List<String> strings(io.micronaut.json.tree.JsonNode array) {
        List<String> strings = new java.util.ArrayList<>();
        array.values().forEach(v -> strings.add(v.getStringValue()));
        return strings;
    }

    private int objects() {
        return cluster.client().apps().deployments().inNamespace(NS).list().getItems().size()
                + cluster.client().services().inNamespace(NS).list().getItems().size()
                + cluster.client().batch().v1().jobs().inNamespace(NS).list().getItems().size();
    }

    private HttpResponse<String> rawPost(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getURL() + "/services"))
                .header("Content-Type", "application/json").header("Authorization", TestTokens.bearer(TestTokens.admin())).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private ApiTestSupport.Answer parse(HttpResponse<String> response) throws Exception {
        return new ApiTestSupport.Answer(response.statusCode(), "application/json", response.body(),
                json.readValue(response.body(), io.micronaut.json.tree.JsonNode.class));
    }

    private static ApiTestSupport.Answer eventually(Supplier<ApiTestSupport.Answer> read, java.util.function.Predicate<ApiTestSupport.Answer> done,
                                                    String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        ApiTestSupport.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        fail(what + "; last answer: " + (last == null ? null : last.body()));
        return null;
    }
}
