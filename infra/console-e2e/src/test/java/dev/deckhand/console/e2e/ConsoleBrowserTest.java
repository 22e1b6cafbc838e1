package dev.deckhand.console.e2e;

import dev.deckhand.sandbox.app.SandboxMain;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The web console in a real headless Chromium against the sandbox, as the README tells a new user to open it:
 * {@code src/test/js/console.e2e.mjs} (playwright-core) enters the admin token, loads every page, deletes an image
 * from the matrix, creates a prewarm task and watches its bar reach 100 %, deploys, lists and deletes a service
 * document, starts and deletes a service from the Services page, and saves a screenshot of each page under
 * {@code target/screenshots/}. {@code src/test/js/swagger.e2e.mjs} does the same for the API docs (Swagger UI).
 *
 * <p>Needs Debian's {@code chromium} and {@code npm ci --prefix infra/console-e2e}; without them the test is skipped
 * with a loud message, except with {@code DECKHAND_REQUIRE_BROWSER=true} (set by {@code .ci/run}): then it fails.
 */
class ConsoleBrowserTest {

    static final String REQUIRE_ENV = "DECKHAND_REQUIRE_BROWSER";
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("DECKHAND_CHROMIUM", "/usr/bin/chromium"));
    private static final Duration SCRIPT_LIMIT = Duration.ofMinutes(5);

    private final Path moduleDir = Path.of(System.getProperty("console.e2e.dir", ".")).toAbsolutePath();
    private final Path outputDir = Path.of(System.getProperty("console.e2e.output", "target")).toAbsolutePath();

    @Test
    void everyPageWorksInAHeadlessChromiumAgainstTheSandbox() throws Exception {
        requireBrowser();
        try (SandboxMain.Running sandbox = sandbox()) {
            // Pulls take a moment, so a task's bar moves through its batches instead of jumping to 100 % (a daemon
            // pass's budget is its interval: a pull slower than that would be deferred forever).
            sandbox.cluster().agents().setPullDelay(Duration.ofMillis(300));
            Path screenshots = outputDir.resolve("screenshots");
            clear(screenshots);
            runScript("console.e2e.mjs", sandbox, screenshots, "failure.png");
            for (String page : List.of("nodes", "prewarm", "deployments", "jobs", "services")) {
                Path shot = screenshots.resolve(page + ".png");
                assertTrue(Files.size(shot) > 10_000, "a screenshot of the " + page + " page: " + shot);
            }
        }
    }

    /** The API docs as a new user tries them: Swagger UI, Authorize with the token, Try it out, Execute, a 200. */
    @Test
    void swaggerUiAuthorisesWithATokenAndRunsACall() throws Exception {
        requireBrowser();
        try (SandboxMain.Running sandbox = sandbox()) {
            Path screenshots = outputDir.resolve("swagger-screenshots");
            clear(screenshots);
            runScript("swagger.e2e.mjs", sandbox, screenshots, "swagger-failure.png");
            assertTrue(Files.size(screenshots.resolve("swagger-ui.png")) > 10_000, "a screenshot of Swagger UI");
        }
    }

    private static SandboxMain.Running sandbox() throws IOException {
        Path work = Files.createTempDirectory("console-e2e");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SandboxMain main = new SandboxMain();
        new CommandLine(main).parseArgs("--port", String.valueOf(port), "--nodes", "5",
                "--kubeconfig", work.resolve("kubeconfig").toString(), "--reconcile-interval", "2s");
        return main.start();
    }

    /** Runs one script of src/test/js against the sandbox; its output goes to the test's report. */
    private void runScript(String script, SandboxMain.Running sandbox, Path screenshots, String failureShot) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        ProcessBuilder node = new ProcessBuilder(nodeExecutable(), moduleDir.resolve("src/test/js/" + script).toString())
                .directory(moduleDir.toFile())
                .redirectErrorStream(true);
        node.environment().put("DECKHAND_URL", sandbox.url());
        node.environment().put("DECKHAND_TOKEN", sandbox.adminToken());
        node.environment().put("SCREENSHOT_DIR", screenshots.toString());
        node.environment().put("USER_DATA_DIR", profile.toString());
        node.environment().put("CHROMIUM", CHROMIUM.toString());
        node.environment().put("EXPECT_PARTIAL_PROGRESS", "true");
        Process process = node.start();
        // Copied line by line through System.out (not inherited), so that surefire captures it in the report.
        Thread output = new Thread(() -> process.inputReader().lines().forEach(System.out::println), "console-e2e-output");
        output.start();
        if (!process.waitFor(SCRIPT_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the browser script " + script + " did not finish within " + SCRIPT_LIMIT);
        }
        output.join(Duration.ofSeconds(10).toMillis());
        assertEquals(0, process.exitValue(), "the browser script " + script + " failed (its output is above; "
                + screenshots.resolve(failureShot) + " shows the page as it was)");
    }

    /** Skips with a loud message when the browser or the npm packages are missing, or fails when they are required. */
    private void requireBrowser() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install chromium)");
        }
        if (!Files.isDirectory(moduleDir.resolve("node_modules/playwright-core"))) {
            missing.add(moduleDir.resolve("node_modules/playwright-core") + " (npm ci --prefix infra/console-e2e)");
        }
        if (!nodeRuns()) {
            missing.add("node (apt-get install nodejs)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "web console browser test: missing " + String.join(", ", missing);
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE_ENV))) {
            fail(message + ", and " + REQUIRE_ENV + "=true requires them");
        }
        String bar = "!".repeat(100);
        System.err.println(bar + "\n!!! " + message + "; set " + REQUIRE_ENV + "=true to make this a failure. SKIPPED\n" + bar);
        Assumptions.abort(message);
    }

    /** Removes an earlier run's screenshots, so that a stale failure.png cannot pass for this run's. */
    private static void clear(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static String nodeExecutable() {
        return System.getenv().getOrDefault("DECKHAND_NODE", "node");
    }

    private static boolean nodeRuns() {
        try {
            Process process = new ProcessBuilder(nodeExecutable(), "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
