package dev.deckhand.apps;

import dev.deckhand.auth.TestTokens;
import com.sun.net.httpserver.HttpServer;
import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.json.JsonMapper;
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
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code deploy} with {@code deckhand.deployments.catalog-url} set: documents come from a seed-style catalog API. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppsCatalogApiTest implements TestPropertyProvider {

    private static final String TOKEN = "catalog-secret";

    private SandboxCluster cluster;
    private HttpServer catalog;
    /** Path -> (status, body) the catalog answers. */
    private final Map<String, Object[]> answers = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    private ApiTestSupport api;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).build());
        try {
            catalog = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catalog.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Object[] answer = answers.getOrDefault(exchange.getRequestURI().getPath(), new Object[]{404, "{\"errors\":[]}"});
            byte[] body = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders((Integer) answer[0], body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        catalog.start();
        return Map.of("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.deployments.catalog-url", "http://127.0.0.1:" + catalog.getAddress().getPort() + "/api/",
                "deckhand.deployments.catalog-path", "/items/docker_services/{id}",
                "deckhand.deployments.catalog-token", TOKEN);
    }

    @BeforeAll
    void client() {
        api = new ApiTestSupport(server.getURL(), json);
    }

    @AfterAll
    void stop() {
        if (catalog != null) {
            catalog.stop(0);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deployFetchesTheDocumentFromTheCatalog() throws IOException {
        String document = json.writeValueAsString(Map.of("data", Map.of("id", 17, "name", "My NGINX Service",
                "deployment", AppsApiTest.NGINX_YAML, "exposed_service", "nginx", "exposed_port", 80,
                "date_created", "2024-01-01T00:00:00Z")));
        answers.put("/api/items/docker_services/17", new Object[]{200, document});
        Answer deployed = put("/kubernetes/services/17/deploy");
        assertEquals(200, deployed.status(), deployed.body());
        assertTrue(authorizations.contains("Bearer " + TOKEN), "the catalog token is sent: " + authorizations);
        assertNotNull(cluster.client().apps().deployments().inNamespace(AppsApiTest.NS).withName("svc-17").get());
        assertNotNull(cluster.client().services().inNamespace(AppsApiTest.NS).withName("svc-17").get());
        assertEquals(200, api.delete("/kubernetes/services/17").status());
    }

    @Test
    void catalogAnswersBecome404400Or502AndNothingIsWritten() throws IOException {
        assertEquals(404, put("/kubernetes/services/18/deploy").status(), "the catalog has no document 18");

        String bad = json.writeValueAsString(Map.of("data", Map.of("name", "x",
                "deployment", AppsApiTest.NGINX_YAML.replace("size: 1Gi", "size: 5Ti"))));
        answers.put("/api/items/docker_services/19", new Object[]{200, bad});
        Answer invalid = put("/kubernetes/services/19/deploy");
        assertEquals(400, invalid.status(), invalid.body());
        assertTrue(invalid.body().contains("volumes[0].size"), invalid.body());

        answers.put("/api/items/docker_services/20", new Object[]{500, "{}"});
        Answer down = put("/kubernetes/services/20/deploy");
        assertEquals(502, down.status(), down.body());
        assertTrue(down.body().contains("catalog"), down.body());

        for (String id : List.of("18", "19", "20")) {
            assertNull(cluster.client().apps().deployments().inNamespace(AppsApiTest.NS).withName("svc-" + id).get());
            assertTrue(cluster.client().persistentVolumeClaims().inNamespace(AppsApiTest.NS)
                    .withLabel(AppRenderer.SERVICE_ID, id).list().getItems().isEmpty());
        }
    }

    record Answer(int status, String body) {
    }

    private Answer put(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.getURL().toString().replaceAll("/$", "") + path))
                    .header("Authorization", TestTokens.bearer(TestTokens.admin())).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
