package dev.deckhand.knative;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.api.Application;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What Knative needs of the functions, checked on real processes: the port from the environment, and SIGTERM
 * letting in-flight requests finish.
 */
class KnativeServingTest {

    private static final String CLASSPATH = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The JIT's quick tier only: these processes live for seconds. */
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    /** One start: the environment it gets and the port it must resolve. */
    private record PortCase(Map<String, String> environment, int expected) {
    }

    @Test
    void portComesFromServerPortThenPortThen8080() throws Exception {
        List<PortCase> cases = List.of(
                new PortCase(Map.of(), 8080),
                new PortCase(Map.of("PORT", "9091"), 9091),
                new PortCase(Map.of("SERVER_PORT", "9092"), 9092),
                new PortCase(Map.of("SERVER_PORT", "9093", "PORT", "9094"), 9093));
        // One JVM per environment, all at once: each takes seconds to start.
        List<Process> probes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (PortCase c : cases) {
            Path log = Files.createTempFile("deckhand-port-probe", ".log");
            logs.add(log);
            probes.add(start(ServerPortProbe.class.getName(), c.environment(), List.of(QUICK_START), log));
        }
        try {
            for (int i = 0; i < cases.size(); i++) {
                assertTrue(probes.get(i).waitFor(60, TimeUnit.SECONDS), "the probe ends");
                String output = Files.readString(logs.get(i));
                assertTrue(output.contains("port=" + cases.get(i).expected()), cases.get(i) + ": " + output);
            }
        } finally {
            probes.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void sigtermLetsAnInFlightRequestFinishAndRefusesNewConnections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        // A Kubernetes API server that holds the readiness check's request until the test releases it.
        HttpServer apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        apiServer.setExecutor(threads);
        apiServer.createContext("/", exchange -> {
            entered.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        apiServer.start();
        Path kubeconfig = kubeconfig("http://127.0.0.1:" + apiServer.getAddress().getPort());
        Path log = Files.createTempFile("deckhand-knative", ".log");
        int port = freePort();
        Process functions = start(Application.class.getName(), Map.of("PORT", String.valueOf(port)),
                List.of(QUICK_START, "-Dkubernetes.client.kube-config-path=" + kubeconfig), log);
        try {
            HttpClient client = HttpClient.newHttpClient();
            awaitHealthy(client, port, functions, log);

            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the request reached the API server");

            functions.destroy(); // SIGTERM, as Knative and the kubelet send it
            awaitRefused(port);
            assertTrue(functions.isAlive(), "the process waits for the request in flight");
            assertFalse(inFlight.isDone(), "the request in flight is not cut off");

            release.countDown();
            HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("{\"status\":\"ready\"}", answer.body());
            assertTrue(functions.waitFor(30, TimeUnit.SECONDS), "the process ends once the request is answered");
            assertEquals(143, functions.exitValue(), "ended by SIGTERM");
        } finally {
            release.countDown();
            functions.destroyForcibly();
            apiServer.stop(0);
            threads.shutdownNow();
        }
    }

    private static Process start(String mainClass, Map<String, String> environment, List<String> jvmOptions, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", CLASSPATH, mainClass));
        log.toFile().deleteOnExit();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("SERVER_PORT");
        builder.environment().remove("PORT");
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static void awaitHealthy(HttpClient client, int port, Process functions, Path log) throws Exception {
        HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!functions.isAlive()) {
                fail("the functions exited: " + Files.readString(log));
            }
            try {
                if (client.send(healthz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        fail("the functions did not answer on PORT " + port + ": " + Files.readString(log));
    }

    /** Waits until the port refuses new connections, on a client of its own so no pooled connection is reused. */
    private static void awaitRefused(int port) throws Exception {
        HttpRequest healthz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpClient.newHttpClient().send(healthz, HttpResponse.BodyHandlers.discarding());
            } catch (IOException refused) {
                assertThrows(ConnectException.class, () -> HttpClient.newHttpClient().send(healthz, HttpResponse.BodyHandlers.discarding()));
                return;
            }
            Thread.sleep(50);
        }
        fail("port " + port + " still accepts connections after SIGTERM");
    }

    private static Path kubeconfig(String server) throws IOException {
        Path file = Files.createTempFile("deckhand-knative", ".kubeconfig");
        file.toFile().deleteOnExit();
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: held
                  cluster:
                    server: %s
                users:
                - name: test
                  user:
                    token: test
                contexts:
                - name: held
                  context:
                    cluster: held
                    user: test
                current-context: held
                """.formatted(server));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
