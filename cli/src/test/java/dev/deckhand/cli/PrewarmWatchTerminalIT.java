package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.sandbox.app.SandboxMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
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
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code bin/deckhand prewarm watch} on a real pseudo-terminal: a detached tmux session 120 columns wide, its screen
 * read with capture-pane. Runs after {@code package} (it needs the shaded jar the launcher runs), with the URL and
 * the token from the environment as a user sets them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrewarmWatchTerminalIT {

    private static final Path LAUNCHER = Path.of("..", "bin", "deckhand").toAbsolutePath().normalize();

    private final String socket = "deckhand-cli-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final HttpClient http = HttpClient.newHttpClient();
    private SandboxMain.Running sandbox;

    @BeforeAll
    void start() {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is the launcher");
        assertTrue(Files.exists(LAUNCHER.resolveSibling("../cli/target/deckhand-cli.jar").normalize()), "package ran first");
        sandbox = CliSandbox.start();
        // The simulated agents pull instantly; a delay per pull makes a 5-batch task take a few seconds.
        sandbox.cluster().agents().setPullDelay(Duration.ofMillis(500));
    }

    @AfterAll
    void stop() throws Exception {
        tmux("kill-server");
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theBarIsRedrawnInPlaceUntil100PercentThenTheSummary() throws Exception {
        String task = createTask("{\"images\":[\"redis:7\"],\"batchSize\":1}");
        startWatch("bar", task);

        List<String> screens = new ArrayList<>();
        String end = waitForScreen(screens, s -> s.contains("EXIT="), Duration.ofSeconds(40));
        assertTrue(screens.stream().anyMatch(s -> s.matches("(?s).*\\[#+-+\\]\\s+\\d+%  batch [1-5]/5  nodes [0-4] done, 0 failed of 5  .*running.*")),
                "a bar short of 100% was seen while the task ran:\n" + String.join("\n=====\n", screens));
        assertTrue(end.contains("[########################] 100%  batch 5/5  nodes 5 done, 0 failed of 5  "), end);
        assertTrue(end.contains("nodes/s  ETA 0s  completed"), end);
        assertTrue(end.contains("task " + task + " completed after "), end);
        assertTrue(end.contains(": 5 nodes, 5 done, 0 failed"), end);
        assertTrue(end.contains("no node failed"), end);
        assertTrue(end.contains("EXIT=0"), end);
        assertEquals(1, end.lines().filter(l -> l.contains("batch ")).count(), "one line, redrawn in place:\n" + end);
    }

    @Test
    void ctrlCStopsWatchingNotTheTask() throws Exception {
        String task = createTask("{\"images\":[\"busybox:1.36\"],\"followSelector\":true}");
        startWatch("auto", task);
        List<String> screens = new ArrayList<>();
        waitForScreen(screens, s -> s.contains("running"), Duration.ofSeconds(30));
        tmux("send-keys", "-t", "watch", "C-c");
        String end = waitForScreen(screens, s -> s.contains("EXIT="), Duration.ofSeconds(20));
        assertTrue(end.contains("stopped watching; task " + task + " keeps running"), end);
        JsonNode after = Api.parse(get("/api/v1/tasks/" + task));
        assertEquals("running", after.get("status").asText(), "the task goes on: " + after);
        http.send(authorized("/api/v1/tasks/" + task).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private void startWatch(String progress, String task) throws Exception {
        tmux("kill-session", "-t", "watch");
        String command = "env DECKHAND_URL=" + sandbox.url() + " DECKHAND_TOKEN=" + sandbox.adminToken() + " " + LAUNCHER
                + " prewarm watch " + task + " --interval 200ms --progress " + progress + "; echo EXIT=$?; sleep 60";
        assertEquals(0, tmux("new-session", "-d", "-s", "watch", "-x", "120", "-y", "30", command));
    }

    private String waitForScreen(List<String> screens, Predicate<String> until, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String screen = capture();
            screens.add(screen);
            if (until.test(screen)) {
                return screen;
            }
            Thread.sleep(100);
        }
        fail("the screen never showed what was awaited:\n" + String.join("\n=====\n", screens.subList(Math.max(0, screens.size() - 3), screens.size())));
        return null;
    }

    private String capture() throws Exception {
        Process process = new ProcessBuilder("tmux", "-L", socket, "capture-pane", "-p", "-t", "watch")
                .redirectErrorStream(true).start();
        String screen = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return screen;
    }

    private int tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(sandbox.url() + path)).header("Authorization", "Bearer " + sandbox.adminToken());
    }

    private String get(String path) throws Exception {
        return http.send(authorized(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String createTask(String body) throws Exception {
        HttpResponse<String> created = http.send(authorized("/api/v1/tasks").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        return Api.parse(created.body()).get("taskId").asText();
    }
}
