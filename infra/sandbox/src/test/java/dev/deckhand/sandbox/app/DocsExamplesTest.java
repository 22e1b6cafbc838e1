package dev.deckhand.sandbox.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shell example of README.md and docs/ that talks to the sandbox's functions ({@code localhost:8080}) runs as
 * written against a sandbox started as the README starts it, block by block, in document order. A request that gets a
 * 4xx or 5xx fails the example (curl runs with {@code --fail-with-body}) unless the line says it is refused
 * ({@code # 400...}), and then it must be refused. Blocks that start a process ({@code java -jar}, {@code mvn}), use
 * the CLI (its own tests run it) or address a real deployment (docs/deploying.md) are not run here.
 */
class DocsExamplesTest {

    private static final Pattern REFUSED = Pattern.compile("\\s+#\\s*[45]\\d\\d\\b.*$");
    private static final List<String> NOT_HERE = List.of("java -jar", "mvn ", "deckhand ", "bin/deckhand");

    private static SandboxMain.Running sandbox;
    private static Path dir;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        dir = Files.createTempDirectory("docs-examples");
        SandboxMain main = new SandboxMain();
        new CommandLine(main).parseArgs("--port", String.valueOf(port), "--kubeconfig", dir.resolve("kubeconfig").toString());
        sandbox = main.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    record Example(Path doc, int line, String script) {
        @Override
        public String toString() {
            return doc.getFileName() + ":" + line;
        }
    }

    @Test
    void everySandboxExampleInTheDocsRunsAsWritten() throws Exception {
        List<Example> examples = examples();
        assertTrue(examples.size() >= 6, "README and docs show fewer sandbox examples than expected: " + examples);
        assertTrue(examples.stream().anyMatch(e -> e.doc().getFileName().toString().equals("README.md")),
                "README's first requests are among them");
        List<String> failures = new ArrayList<>();
        for (Example example : examples) {
            String problem = run(example);
            if (problem != null) {
                failures.add(example + ": " + problem);
            }
        }
        System.out.println("docs examples: " + (examples.size() - failures.size()) + " of " + examples.size() + " blocks ran as written");
        assertEquals(List.of(), failures);
    }

    private static String run(Example example) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("work-" + example.doc().getFileName() + "-" + example.line()));
        String script = "set -eo pipefail\n"
                + "curl() { command curl --fail-with-body --max-time 60 \"$@\"; }\n"
                + "export DECKHAND_TOKEN=$(cat " + dir.resolve("token") + ") AUTH=\"Authorization: Bearer $(cat " + dir.resolve("token") + ")\"\n"
                + example.script();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(work.toFile()).redirectErrorStream(true);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "hung for 180 s";
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + "\n" + out + "\n--- script:\n" + example.script();
    }

    /** The blocks to run, with the sandbox's port and files in place of the docs' defaults. */
    private static List<Example> examples() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md")) || !Files.exists(root.resolve("infra"))) {
            root = root.getParent();
        }
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("deploying.md")).sorted().forEach(docs::add);
        }
        List<Example> examples = new ArrayList<>();
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                String fence = lines.get(i).strip();
                if (!fence.equals("```shell") && !fence.equals("```sh")) {
                    continue;
                }
                int start = i + 1;
                List<String> block = new ArrayList<>();
                for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                    block.add(lines.get(i));
                }
                String text = String.join("\n", block);
                if (text.contains("localhost:8080") && NOT_HERE.stream().noneMatch(text::contains)) {
                    examples.add(new Example(doc, start, script(block)));
                }
            }
        }
        return examples;
    }

    /** Joins continued lines; a line that says it is refused must be refused. */
    private static String script(List<String> block) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block) {
            current.append(line);
            if (line.endsWith("\\")) {
                current.append('\n');
                continue;
            }
            logical.add(current.toString());
            current.setLength(0);
        }
        StringBuilder script = new StringBuilder();
        for (String line : logical) {
            String local = line.replace("localhost:8080", "127.0.0.1:" + port)
                    .replace("/tmp/deckhand-sandbox/", dir.toString() + "/");
            var refused = REFUSED.matcher(local);
            if (refused.find()) {
                String command = local.substring(0, refused.start());
                script.append("if ( ").append(command).append(" ); then echo 'answered, but the docs say it is refused: ")
                        .append(command.replace("'", "'\\''")).append("' >&2; exit 1; fi\n");
            } else {
                script.append(local).append('\n');
            }
        }
        return script.toString();
    }
}
