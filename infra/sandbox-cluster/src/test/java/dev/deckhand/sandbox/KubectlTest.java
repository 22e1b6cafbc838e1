package dev.deckhand.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The machine's kubectl against the sandbox's API server: discovery, tables, describe, protobuf creates,
 * client-side apply (create, then a strategic merge patch), delete, and every kubectl line of the docs' shell
 * examples that is meant for the sandbox.
 */
class KubectlTest {

    private static final String KUBECTL = "kubectl";
    private static SandboxCluster cluster;
    private static Path work;

    @BeforeAll
    static void start() throws IOException {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
        work = Files.createTempDirectory("kubectl-test");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    record Result(int exit, String out) {
    }

    private static Result run(String commandLine) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", commandLine).directory(work.toFile())
                .redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", cluster.kubeconfigPath().toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("kubectl (or bash) cannot be started on this machine: " + e.getMessage(), e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("hung for 60 s: " + commandLine);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), out);
    }

    private static String ok(String commandLine) throws Exception {
        Result result = run(commandLine);
        assertEquals(0, result.exit(), commandLine + " failed:\n" + result.out());
        return result.out();
    }

    @Test
    void knowsTheResourceTypesAndTheirShortNames() throws Exception {
        String nodes = ok(KUBECTL + " get nodes");
        assertTrue(nodes.contains("node-1") && nodes.contains("node-3"), nodes);
        ok(KUBECTL + " get pwt -A");
        ok(KUBECTL + " get sdoc -n deckhand-apps");
        ok(KUBECTL + " get djt -n deckhand");
        String resources = ok(KUBECTL + " api-resources");
        assertTrue(resources.contains("prewarmtasks") && resources.contains("deckhand.dev/v1"), resources);
        String described = ok(KUBECTL + " describe node node-2");
        assertTrue(described.contains("Name:") && described.contains("node-2"), described);
    }

    @Test
    void createsFromProtobufBodies() throws Exception {
        Files.writeString(work.resolve("settings.txt"), "a=1\n");
        ok(KUBECTL + " -n default create configmap from-file --from-file=settings.txt");
        assertEquals("a=1\n", ok(KUBECTL + " -n default get configmap from-file -o jsonpath='{.data.settings\\.txt}'"));
        ok(KUBECTL + " -n default create secret generic token --from-literal=token=s3cret");
        assertEquals("czNjcmV0", ok(KUBECTL + " -n default get secret token -o jsonpath='{.data.token}'"));
    }

    @Test
    void appliesCreatesThenPatchesAndDeletes() throws Exception {
        Path manifest = work.resolve("deployment.yaml");
        Files.writeString(manifest, deployment("nginx:1.27", "\"1\""));
        assertTrue(ok(KUBECTL + " apply -f deployment.yaml").contains("created"));
        Files.writeString(manifest, deployment("nginx:1.28", "\"2\""));
        assertTrue(ok(KUBECTL + " apply -f deployment.yaml").contains("configured"));
        String applied = ok(KUBECTL + " -n default get deployment web -o jsonpath='{.spec.template.spec.containers[*].image} {.spec.template.spec.containers[0].env[*].value}'");
        // Containers merge by name: still one container, with the new image and the env entry replaced in place.
        assertEquals("nginx:1.28 2", applied);
        ok(KUBECTL + " delete -f deployment.yaml");
        Result gone = run(KUBECTL + " -n default get deployment web");
        assertEquals(1, gone.exit(), gone.out());
        assertTrue(gone.out().contains("NotFound"), gone.out());
    }

    private static String deployment(String image, String value) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: default}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: web
                          image: %s
                          env: [{name: LEVEL, value: %s}]
                """.formatted(image, value);
    }

    /**
     * Every kubectl line in a shell example of README.md and docs/ that addresses the sandbox (through its
     * kubeconfig) runs as written. Lines for a real cluster (docs/deploying.md) are not run here.
     */
    @Test
    void everySandboxKubectlLineOfTheDocsRuns() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md")) || !Files.exists(root.resolve("infra"))) {
            root = root.getParent();
        }
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        if (Files.isDirectory(root.resolve("docs"))) {
            try (Stream<Path> files = Files.list(root.resolve("docs"))) {
                files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
            }
        }
        List<String> lines = new ArrayList<>();
        for (Path doc : docs) {
            boolean inShell = false;
            for (String line : Files.readAllLines(doc)) {
                if (line.startsWith("```")) {
                    inShell = !inShell && (line.contains("shell") || line.contains("bash") || line.contains("sh"));
                } else if (inShell && line.contains("kubectl ") && line.contains("/tmp/deckhand-sandbox/kubeconfig")) {
                    lines.add(line.replace("/tmp/deckhand-sandbox/kubeconfig", cluster.kubeconfigPath().toString()));
                }
            }
        }
        assertFalse(lines.isEmpty(), "the docs show no kubectl line for the sandbox");
        Files.writeString(work.resolve("docker-compose.yml"), "services:\n  web:\n    image: nginx:1.27\n");
        for (String line : lines) {
            ok(line);
        }
    }
}
