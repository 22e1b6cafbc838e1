package dev.deckhand.console;

import dev.deckhand.auth.TestTokens;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console's page and assets are served without a token (the page asks for one), while every API route it
 * calls still demands one. The pages themselves are tested in a browser by infra/console-e2e.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleRoutesTest implements TestPropertyProvider {

    private SandboxCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void consoleWithoutTheSlashRedirectsToThePage() throws Exception {
        HttpResponse<String> answer = get("/console", null);
        assertEquals(307, answer.statusCode());
        assertEquals("console/", answer.headers().firstValue("Location").orElse(""),
                "relative, so that behind an API Gateway stage the stage is kept");
    }

    @Test
    void thePageAndItsAssetsNeedNoToken() throws Exception {
        for (String path : new String[] {"/console/", "/console/index.html"}) {
            HttpResponse<String> page = get(path, null);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertTrue(page.body().contains("<title>Deckhand console</title>"), path);
            assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\">"), path);
        }
        // Every asset the console ships, so that a new module is checked as soon as it exists.
        Path root = Path.of("src/main/resources/console");
        List<String> assets;
        try (Stream<Path> files = Files.walk(root)) {
            assets = files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> f.endsWith(".js") || f.endsWith(".css")).sorted().toList();
        }
        assertTrue(assets.containsAll(List.of("app.js", "tasks.js", "pages/prewarm.js", "pages/cleanup.js")), assets.toString());
        for (String asset : assets) {
            HttpResponse<String> answer = get("/console/" + asset, null);
            assertEquals(200, answer.statusCode(), asset);
            String type = answer.headers().firstValue("Content-Type").orElse("");
            // Browsers refuse an ES module served with a type other than JavaScript.
            assertTrue(type.startsWith(asset.endsWith(".css") ? "text/css" : "application/javascript"), asset + ": " + type);
        }
        assertEquals(404, get("/console/no-such-file.js", null).statusCode());
    }

    @Test
    void theApiTheConsoleCallsStillNeedsAToken() throws Exception {
        assertEquals(401, get("/get/nodes", null).statusCode());
        assertEquals(200, get("/get/nodes", TestTokens.admin()).statusCode());
    }
}
