package dev.deckhand.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prewarm watch} and {@code cleanup watch} while Deckhand comes and goes: a server of the task route's JSON that
 * answers what each test scripts, and then nothing (it is stopped) when the script says so.
 */
class TaskWatchReconnectTest {

    private static final String RUNNING = task("running", 1, 2);
    private static final String COMPLETED = task("completed", 2, 0);

    private HttpServer server;

    private static String task(String status, int completed, int pending) {
        return "{\"id\":\"t1\",\"status\":\"" + status + "\",\"images\":[\"nginx:1.27\"],\"startedAt\":\"2026-12-02T07:00:00Z\","
                + "\"progress\":{\"currentBatch\":1,\"totalBatches\":1,\"totalNodes\":" + (completed + pending)
                + ",\"completedNodes\":" + completed + ",\"failedNodes\":0,\"percentage\":" + (100.0 * completed / (completed + pending)) + "},"
                + "\"failedNodeDetails\":[]}";
    }

    /** Answers each GET with the next entry: a JSON body (200), a status code alone ("503"), or "stop" to go away. */
    private String serve(String route, String... script) throws IOException {
        Deque<String> answers = new ArrayDeque<>(java.util.List.of(script));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(route + "/t1", exchange -> {
            String next = answers.size() > 1 ? answers.poll() : answers.peek();
            if ("stop".equals(next)) {
                exchange.close();
                new Thread(() -> server.stop(0)).start();
                return;
            }
            boolean status = next.matches("\\d{3}");
            byte[] body = (status ? "{\"error\":\"the cluster cannot be reached\"}" : next).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status ? Integer.parseInt(next) : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @CsvSource({"prewarm, /api/v1/tasks, task", "cleanup, /api/v1/cleanups, cleanup"})
    void aWatchRidesOutADeckhandThatIsBrieflyUnavailable(String command, String route, String noun) throws IOException {
        String url = serve(route, RUNNING, "503", "503", COMPLETED);
        CliSandbox.Run run = CliSandbox.run("--url", url, "--token", "t", command, "watch", "t1", "--interval", "50ms",
                "--progress", "plain");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("the cluster cannot be reached; retrying in 1.0s (" + noun + " t1 keeps running)"), run::toString);
        assertTrue(run.out().contains("the cluster cannot be reached; retrying in 2.0s (" + noun + " t1 keeps running)"),
                "backoff doubles: " + run);
        assertTrue(run.out().contains("reconnected to Deckhand; watching " + noun + " t1 again"), run::toString);
        assertTrue(run.out().contains(noun + " t1 completed after "), run::toString);
    }

    /** For scripts: the same retries, their notes on stderr, and nothing but the ended task's JSON on stdout. */
    @ParameterizedTest
    @CsvSource({"prewarm, /api/v1/tasks, task", "cleanup, /api/v1/cleanups, cleanup"})
    void aJsonWatchRidesOutADeckhandThatIsBrieflyUnavailableAndPrintsOnlyTheEndedTask(String command, String route, String noun)
            throws IOException {
        String url = serve(route, RUNNING, "503", "503", COMPLETED);
        CliSandbox.Run run = CliSandbox.run("--url", url, "--token", "t", "-o", "json", command, "watch", "t1", "--interval", "50ms");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("completed", Api.JSON.readTree(run.out()).path("status").asText(), run::toString);
        assertTrue(run.err().contains("the cluster cannot be reached; retrying in 1.0s (" + noun + " t1 keeps running)"), run::toString);
        assertTrue(run.err().contains("reconnected to Deckhand; watching " + noun + " t1 again"), run::toString);
    }

    @ParameterizedTest
    @CsvSource({"prewarm, /api/v1/tasks, Task", "cleanup, /api/v1/cleanups, Cleanup"})
    void aWatchThatLosesDeckhandForGoodExits3OnALineOfItsOwnSayingTheTaskKeepsRunning(String command, String route, String noun)
            throws IOException {
        String url = serve(route, RUNNING, "stop");
        long start = System.nanoTime();
        CliSandbox.Run run = CliSandbox.run("--url", url, "--token", "t", command, "watch", "t1", "--interval", "50ms",
                "--progress", "bar", "--reconnect-for", "2s");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(CliException.UNREACHABLE, run.exit(), run::toString);
        assertTrue(seconds >= 2, "retried for --reconnect-for before giving up: " + seconds + " s");
        assertTrue(run.err().contains("gave up watching after 2.0s of retries. " + noun + " t1 keeps running: deckhand " + command + " watch t1"),
                run::toString);
        assertTrue(run.out().startsWith("\r[########----------------]  33%"), run::toString);
        assertTrue(run.out().endsWith("\n"), "the bar's line is ended before the error is printed: " + run);
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("cannot reach Deckhand at " + url)), run::toString);
    }
}
