package dev.deckhand.bench;

import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time from starting a fresh JVM to the first 200 on {@code GET /get/nodes}: the functions server (the
 * shaded jar, against a sandbox cluster) and, as the floor, a bare-JDK HTTP server started the same way.
 */
@Command(name = "coldstart", mixinStandardHelpOptions = true, description = "Benchmark the functions' cold start.")
public class ColdStartBench implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", description = "fresh processes per variant; medians are printed (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--jar", defaultValue = "functions/api/target/deckhand-functions.jar", description = "the functions jar")
    Path jar;

    @Option(names = "--java-opts", split = " ", description = "JVM options for both processes (default: the flags bench/README recommends)",
            defaultValue = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    List<String> javaOpts;

    @Option(names = "--cds", defaultValue = "true", negatable = true, description = "use the jar's AppCDS archive when present (default: ${DEFAULT-VALUE})")
    boolean cds;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(jar)) {
            System.err.println("no functions jar at " + jar + ": build it with mvn -pl functions/api -am package -DskipTests");
            return 2;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String benchClasses = Path.of(ColdStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(5).build())) {
            double[] functions = new double[runs];
            double[] floor = new double[runs];
            for (int i = 0; i < runs; i++) {
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(java));
                command.addAll(javaOpts);
                Path archive = Path.of(jar.toString().replaceAll("\\.jar$", ".jsa"));
                if (cds && Files.isRegularFile(archive)) {
                    command.add("-XX:SharedArchiveFile=" + archive);
                }
                command.addAll(List.of("-Dmicronaut.server.port=" + port,
                        "-Dkubernetes.client.kube-config-path=" + cluster.kubeconfigPath(),
                        "-jar", jar.toString()));
                functions[i] = timeToFirst200(command, port);

                int floorPort = freePort();
                List<String> floorCommand = new ArrayList<>(List.of(java));
                floorCommand.addAll(javaOpts);
                floorCommand.addAll(List.of("-cp", benchClasses, FloorServer.class.getName(), String.valueOf(floorPort)));
                floor[i] = timeToFirst200(floorCommand, floorPort);
            }
            double f = median(functions);
            double b = median(floor);
            System.out.printf("coldstart functions_s=%.3f floor_s=%.3f ratio=%.2f%n", f, b, f / b);
            System.err.println("  functions runs: " + Arrays.toString(functions) + "\n  floor runs:     " + Arrays.toString(floor));
        }
        return 0;
    }

    private double timeToFirst200(List<String> command, int port) throws IOException, InterruptedException {
        File log = Files.createTempFile("coldstart", ".log").toFile();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/get/nodes")).timeout(Duration.ofSeconds(5)).build();
            long deadline = started + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("process exited with " + process.exitValue() + ", log: " + Files.readString(log.toPath()));
                }
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return (System.nanoTime() - started) / 1e9;
                    }
                    throw new IllegalStateException("GET /get/nodes answered " + response.statusCode() + ": " + response.body());
                } catch (IOException notYet) {
                    Thread.sleep(2);
                }
            }
            throw new IllegalStateException("no 200 within 60 s, log: " + Files.readString(log.toPath()));
        } finally {
            process.destroy();
            process.waitFor();
            log.delete();
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
