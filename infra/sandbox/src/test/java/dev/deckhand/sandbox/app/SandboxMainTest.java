package dev.deckhand.sandbox.app;

import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox as the README's run command starts it: cluster, agents, functions and the reconciler daemon. */
class SandboxMainTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private String token;

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signsWithTheConfiguredSecretWhenThereIsOneOfAtLeast32Characters() {
        SecureRandom random = new SecureRandom();
        String secret = "a-secret-of-at-least-32-characters!";
        assertEquals(secret, SandboxMain.jwtSecret(secret, random));
        assertEquals(64, SandboxMain.jwtSecret(null, random).length(), "random when none is set");
        assertEquals(64, SandboxMain.jwtSecret("", random).length());
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.jwtSecret("short", random));
    }

    @Test
    void aPortInUseSaysToPassPortAndWritesNothing() throws Exception {
        Path dir = Files.createTempDirectory("sandbox-test");
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, "the running sandbox's kubeconfig");
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            SandboxMain main = new SandboxMain();
            new CommandLine(main).parseArgs("--port", String.valueOf(taken.getLocalPort()), "--nodes", "1",
                    "--kubeconfig", kubeconfig.toString());
            IllegalStateException refused = assertThrows(IllegalStateException.class, main::start);
            assertTrue(refused.getMessage().contains("pass --port"), refused.getMessage());
        }
        assertEquals("the running sandbox's kubeconfig", Files.readString(kubeconfig));
        assertTrue(Files.notExists(dir.resolve("token")), "no token file written");
    }

    @Test
    void startsDeckhandOnTheEmbeddedClusterWithAKubeconfigAndTheReconcilerRunning() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path kubeconfig = Files.createTempDirectory("sandbox-test").resolve("kubeconfig");
        SandboxMain main = new SandboxMain();
        new CommandLine(main).parseArgs("--port", String.valueOf(port), "--nodes", "3",
                "--kubeconfig", kubeconfig.toString(), "--reconcile-interval", "200ms");
        try (SandboxMain.Running sandbox = main.start()) {
            assertEquals("http://localhost:" + port, sandbox.url());
            // The token the banner points at is the admin's, and without one nothing is served.
            token = Files.readString(sandbox.tokenFile()).trim();
            assertEquals(sandbox.adminToken(), token);
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(sandbox.url() + "/get/nodes")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertTrue(Files.readString(kubeconfig).contains(sandbox.cluster().apiServerUrl()));
            // Both files hold credentials: only their owner may read them.
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sandbox.tokenFile())));
            // The functions listen on the loopback interface only unless --bind says otherwise.
            assertEquals("127.0.0.1", sandbox.context().getBean(EmbeddedServer.class).getHost());

            HttpResponse<String> nodes = get(sandbox.url() + "/get/nodes");
            assertEquals(200, nodes.statusCode());
            assertEquals("[\"node-1\",\"node-2\",\"node-3\"]", nodes.body());

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String monitor = "";
            while (System.nanoTime() < deadline) {
                monitor = get(sandbox.url() + "/update/monitor").body();
                if (sandbox.cluster().client().apps().deployments().inNamespace("deckhand").list().getItems().size() == 3) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(3, sandbox.cluster().client().apps().deployments().inNamespace("deckhand").list().getItems().size(),
                    "the daemon reconciler (or /update/monitor) gave every node its agent");
            assertEquals("[]", get(sandbox.url() + "/update/monitor").body(), "nothing is missing any more: " + monitor);

            // The simulated agents demand a caller token, as deployed ones do: the functions present this run's.
            HttpResponse<String> images = http.send(HttpRequest.newBuilder(URI.create(sandbox.url() + "/list"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"node_name\":\"node-2\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, images.statusCode(), images.body());
            HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create(
                    sandbox.cluster().agents().url("node-2") + "/images")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, direct.statusCode(), "an agent called without the token refuses: " + direct.body());
        }
    }
}
