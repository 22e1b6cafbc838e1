package dev.deckhand.bench;

import dev.deckhand.auth.Roles;
import dev.deckhand.auth.SharedSecretTokens;
import dev.deckhand.sandbox.RuntimeJdks;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cold starts, each in a fresh JVM, against a sandbox cluster:
 * <ul>
 *   <li>{@code functions}: the shaded functions jar started with {@code -jar}, timed from process start to the first
 *       200 on {@code GET /get/nodes} (sent once a bare TCP connect to its port succeeds, tried every 2 ms);</li>
 *   <li>{@code floor}: a bare-JDK {@code com.sun.net.httpserver} server started the same way (same java, same
 *       options), timed the same way;</li>
 *   <li>{@code lambda}: {@link LambdaInvoke} (a jar of it alone after the jar on the class path), which constructs the Lambda handler
 *       {@code dev.deckhand.lambda.HttpApiHandler} and invokes it with an HTTP API event for {@code GET /get/nodes},
 *       timed from process start to its answer.</li>
 * </ul>
 * The three run in turn, {@code --runs} times after {@code --warmup} untimed rounds; medians are printed.
 */
@Command(name = "coldstart", mixinStandardHelpOptions = true, description = "Benchmark the functions' cold start.")
public class ColdStartBench implements Callable<Integer> {

    /** The functions under test accept tokens signed with this; the benchmark's requests carry an admin one. */
    private static final String JWT_SECRET = "bench-coldstart-shared-secret-0123456789abcdef";
    private static final String TOKEN = SharedSecretTokens.sign(JWT_SECRET, "bench", List.of(Roles.ADMIN), Map.of(),
            Duration.ofHours(6));

    /**
     * Netty's buffers through sun.misc.Unsafe, as on every JDK before 25: from Java 25 Netty leaves Unsafe alone unless
     * the JVM allows its memory-access methods (JEP 498), and then makes its direct-buffer cleaner and first buffers
     * through the FFM API, which spins method handles at start. 0.540 s against 0.578 s to the first answer (16
     * interleaved rounds, same jar, caches made with and without). A JVM before 23 does not know the option and would
     * not start: there it is left out.
     */
    static final String UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";

    /** The flags bench/README.md recommends, for the functions and the floor alike. */
    static final String RECOMMENDED_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData " + UNSAFE_MEMORY_ACCESS;

    @Option(names = "--runs", defaultValue = "5", description = "fresh processes per variant; medians are printed (default: ${DEFAULT-VALUE})")
    int runs;

    // The sandbox's API server runs in this JVM and answers its first requests slowly until its JIT has warmed up (a
    // real API server is long warm): the first timed functions run took 0.2-0.35 s longer than the later ones. It is
    // sent SANDBOX_WARMUP node LISTs first, and every variant runs untimed --warmup times (the file cache).
    @Option(names = "--warmup", defaultValue = "1", description = "untimed rounds of every variant first, after "
            + "the sandbox's API server (in this JVM) has answered " + SANDBOX_WARMUP + " node LISTs (default: ${DEFAULT-VALUE})")
    int warmup;

    static final int SANDBOX_WARMUP = 1000;

    @Option(names = "--jar", defaultValue = "functions/api/target/deckhand-functions.jar", description = "the functions jar")
    Path jar;

    @Option(names = "--java", description = "the java launcher of every process (default: $DECKHAND_RUNTIME_JAVA, else the newest "
            + "JDK 25 or later under /usr/lib/jvm, as the functions run on Java 25; else the one running this benchmark)")
    Path java;

    @Option(names = "--java-opts", description = "JVM options of every process, one string (default: \"" + RECOMMENDED_OPTS + "\")",
            defaultValue = RECOMMENDED_OPTS)
    String javaOpts;

    @Option(names = "--archive", defaultValue = "auto", description = "class-data archive of the jar: auto (the jar's .jsa, or .aot on JDK 25+, "
            + "made by a training run against the sandbox when missing or older than the jar), none, or a path (default: ${DEFAULT-VALUE})")
    String archive;

    @Option(names = "--lambda", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "time the Lambda handler's first invocation too; --no-lambda: do not (default: ${DEFAULT-VALUE})")
    boolean lambda;

    @Option(names = "--nodes", defaultValue = "5", description = "nodes in the sandbox cluster (default: ${DEFAULT-VALUE})")
    int nodes;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(jar)) {
            System.err.println("no functions jar at " + jar + ": build it with mvn -pl functions/api -am package -DskipTests");
            return 2;
        }
        String launcher = (java != null ? java : runtimeJava()).toString();
        List<String> opts = new ArrayList<>(javaOpts.isBlank() ? List.of() : List.of(javaOpts.trim().split("\\s+")));
        if (javaMajor(launcher) < 23) {
            opts.remove(UNSAFE_MEMORY_ACCESS);
        }
        String benchClasses = Path.of(ColdStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        // The Lambda line's class path: the jar and a jar of LambdaInvoke alone, which holds no services, so the
        // jar's service index serves it as it serves -jar (the bench's classes hold a bean definition), and a JDK can
        // make an archive for it (a class path with a directory cannot have one). It stays where it is, unchanged
        // while LambdaInvoke is: an archive serves only the class path (paths, sizes, times) it was made for.
        Path lambdaInvoker = lambdaInvokerJar(Path.of(benchClasses, LambdaInvoke.class.getName().replace('.', '/') + ".class"));
        String lambdaClassPath = jar + File.pathSeparator + lambdaInvoker;

        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(nodes).build())) {
            List<String> appProperties = List.of(
                    "-Dkubernetes.client.kube-config-path=" + cluster.kubeconfigPath(),
                    "-Ddeckhand.agent.url-template=" + cluster.agentUrlTemplate(),
                    "-Ddeckhand.auth.jwt-secret=" + JWT_SECRET,
                    "-D" + LambdaInvoke.TOKEN_PROPERTY + "=" + TOKEN);
            warmUp(cluster);
            List<String> serverCommand = new ArrayList<>(appProperties);
            serverCommand.addAll(List.of("-jar", jar.toString()));
            List<String> lambdaCommand = new ArrayList<>(appProperties);
            lambdaCommand.addAll(List.of("-cp", lambdaClassPath, LambdaInvoke.class.getName(), "/get/nodes"));
            List<String> archiveOpts = archiveOptions(launcher, opts, "", new Training(serverCommand, List.of(jar), true));
            List<String> lambdaArchiveOpts = lambda ? archiveOptions(launcher, opts, "-lambda", new Training(lambdaCommand, List.of(jar, lambdaInvoker), false)) : List.of();
            System.err.println("java: " + launcher + " (" + javaVersion(launcher) + ")\noptions: " + String.join(" ", opts)
                    + "\narchive: " + (archiveOpts.isEmpty() ? "none" : String.join(" ", archiveOpts))
                    + (lambda ? "; Lambda line: " + (lambdaArchiveOpts.isEmpty() ? "none" : String.join(" ", lambdaArchiveOpts)) : ""));
            Timing functions = new Timing();
            Timing floor = new Timing();
            Timing lambdaTotal = new Timing();
            Timing lambdaConstruct = new Timing();
            Timing lambdaInvoke = new Timing();
            List<String> archiveWarnings = new ArrayList<>();
            for (int round = -warmup; round < runs; round++) {
                boolean timed = round >= 0;
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(launcher));
                command.addAll(opts);
                command.addAll(archiveOpts);
                command.add("-Dmicronaut.server.port=" + port);
                command.addAll(serverCommand);
                Run run = timeToFirst200(command, port);
                if (timed) {
                    functions.add(run.seconds(), run.cpuSeconds());
                }
                archiveWarnings.addAll(run.archiveWarnings());

                int floorPort = freePort();
                List<String> floorCommand = new ArrayList<>(List.of(launcher));
                floorCommand.addAll(opts);
                floorCommand.addAll(List.of("-cp", benchClasses, FloorServer.class.getName(), String.valueOf(floorPort)));
                Run floorRun = timeToFirst200(floorCommand, floorPort);
                if (timed) {
                    floor.add(floorRun.seconds(), floorRun.cpuSeconds());
                }

                if (lambda) {
                    List<String> invocation = new ArrayList<>(List.of(launcher));
                    invocation.addAll(opts);
                    invocation.addAll(lambdaArchiveOpts);
                    invocation.addAll(lambdaCommand);
                    LambdaRun lambdaRun = timeLambda(invocation);
                    if (timed) {
                        lambdaTotal.add(lambdaRun.seconds(), lambdaRun.cpuSeconds());
                        lambdaConstruct.add(lambdaRun.constructSeconds(), 0);
                        lambdaInvoke.add(lambdaRun.invokeSeconds(), 0);
                    }
                    archiveWarnings.addAll(lambdaRun.archiveWarnings());
                }
            }
            double f = functions.median();
            double b = floor.median();
            System.out.printf(Locale.ROOT, "coldstart functions_s=%.3f floor_s=%.3f ratio=%.2f%n", f, b, f / b);
            if (lambda) {
                double l = lambdaTotal.median();
                System.out.printf(Locale.ROOT, "coldstart-lambda first_invocation_s=%.3f construct_s=%.3f invoke_s=%.3f floor_s=%.3f ratio=%.2f%n",
                        l, lambdaConstruct.median(), lambdaInvoke.median(), b, l / b);
            }
            System.err.println("  functions runs: " + functions + "\n  floor runs:     " + floor);
            if (lambda) {
                System.err.println("  lambda runs:    " + lambdaTotal + "\n    construct:    " + lambdaConstruct + "\n    invoke:       " + lambdaInvoke);
            }
            if (!archiveWarnings.isEmpty()) {
                System.err.println("the archive was NOT used by every run: " + archiveWarnings.stream().distinct().collect(Collectors.joining("\n  ")));
            }
        }
        return 0;
    }

    /** Node LISTs, as the functions send them for GET /get/nodes, until the sandbox's API server is JIT-compiled. */
    private void warmUp(SandboxCluster cluster) throws IOException, InterruptedException {
        HttpRequest list = HttpRequest.newBuilder(URI.create(cluster.apiServerUrl() + "/api/v1/nodes"))
                .header("Accept", "application/json").build();
        for (int i = 0; i < SANDBOX_WARMUP; i++) {
            http.send(list, HttpResponse.BodyHandlers.discarding());
        }
    }

    /**
     * The JVM the functions run on in production (Java 25: the Lambda runtime java25, the images' eclipse-temurin:25-jre):
     * {@code DECKHAND_RUNTIME_JAVA}, else the newest JDK 25+ under /usr/lib/jvm, else this benchmark's own, with a warning.
     */
    private static Path runtimeJava() throws IOException {
        String configured = System.getenv("DECKHAND_RUNTIME_JAVA");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        List<Path> installed = RuntimeJdks.installed();
        if (!installed.isEmpty()) {
            return installed.get(installed.size() - 1);
        }
        System.err.println("no JDK 25 under /usr/lib/jvm (the functions run on Java 25): measuring this benchmark's JVM; "
                + "name one with --java or DECKHAND_RUNTIME_JAVA");
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The jar of LambdaInvoke beside the functions jar, written only when missing or holding another class file. */
    private Path lambdaInvokerJar(Path classFile) throws IOException {
        Path invoker = jar.resolveSibling("lambda-invoke.jar");
        String entry = LambdaInvoke.class.getName().replace('.', '/') + ".class";
        byte[] bytes = Files.readAllBytes(classFile);
        if (Files.isRegularFile(invoker)) {
            try (ZipFile existing = new ZipFile(invoker.toFile())) {
                ZipEntry held = existing.getEntry(entry);
                if (held != null && Arrays.equals(existing.getInputStream(held).readAllBytes(), bytes)) {
                    return invoker;
                }
            }
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(invoker))) {
            out.putNextEntry(new ZipEntry(entry));
            out.write(bytes);
            out.closeEntry();
        }
        return invoker;
    }

    /**
     * What a training run starts after the JVM options ({@code -jar ...} or {@code -cp ... LambdaInvoke ...}), the
     * jars its class path names (an archive older than any of them is made again), and whether it is the HTTP server
     * (sent its first requests, then stopped) or the Lambda handler (invoked once; it exits by itself).
     */
    record Training(List<String> command, List<Path> classPath, boolean server) {
    }

    private static boolean olderThanAnyOf(Path file, List<Path> inputs) throws IOException {
        for (Path input : inputs) {
            if (Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(input)) < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The options that make a JVM use an archive, making the archive first when it is missing or stale: with
     * {@code --archive auto}, the jar's own, one per line ({@code suffix} "" for the server, "-lambda" for the
     * Lambda handler), as each is made where it is deployed by a training run of the same start.
     */
    private List<String> archiveOptions(String launcher, List<String> opts, String suffix, Training training)
            throws IOException, InterruptedException {
        if (archive.equals("none")) {
            return List.of();
        }
        boolean aotCache = javaMajor(launcher) >= 25;
        Path file;
        if (archive.equals("auto")) {
            file = Path.of(jar.toString().replaceAll("\\.jar$", suffix + (aotCache ? ".aot" : ".jsa")));
            if (!Files.isRegularFile(file) || olderThanAnyOf(file, training.classPath())) {
                train(launcher, opts, training, file, aotCache);
            }
        } else {
            file = Path.of(archive);
            aotCache = file.toString().endsWith(".aot");
        }
        if (!aotCache) {
            return List.of("-XX:SharedArchiveFile=" + file);
        }
        List<String> options = new ArrayList<>(List.of("-XX:AOTCache=" + file));
        if (withoutTraining(opts)) {
            options.addAll(NO_TRAINING_REPLAY);
        }
        return options;
    }

    /**
     * With C1 alone ({@code -XX:TieredStopAtLevel=1}) method profiles (JEP 515) serve no compiler: the cache is made
     * without them, and the JVM that uses it is told so. Replay is otherwise on whenever a cache is: a thread the JVM
     * wakes (a lock and a broadcast) at every class initialisation, about 8% of a cold start's CPU and 0.67 s instead
     * of 0.75 s to the first answer (12 interleaved runs of the same jar and cache).
     */
    static boolean withoutTraining(List<String> opts) {
        return opts.contains("-XX:TieredStopAtLevel=1");
    }

    static final List<String> NO_TRAINING_RECORD = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining");
    static final List<String> NO_TRAINING_REPLAY = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining");

    /**
     * The training run: the jar started as in production but recording what it loads
     * ({@code -XX:ArchiveClassesAtExit}, or {@code -XX:AOTCacheOutput} on JDK 25), then, for the server, given the
     * first requests of a working instance against the sandbox and stopped with SIGTERM; the Lambda handler answers
     * its one event and exits. The JVM writes the archive as it exits.
     */
    private void train(String launcher, List<String> opts, Training training, Path file, boolean aotCache)
            throws IOException, InterruptedException {
        System.err.println("making " + file + " with a training run ...");
        Files.deleteIfExists(file);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(opts);
        if (aotCache) {
            command.add("-XX:AOTCacheOutput=" + file);
            // Classes only, no method profiles (JEP 515): with C1 alone (-XX:TieredStopAtLevel=1) profiles serve no
            // compiler, and replaying them had C1 compile about a third more during start-up (10% later first
            // answers, same jar, interleaved runs).
            if (withoutTraining(opts)) {
                command.addAll(NO_TRAINING_RECORD);
            }
        } else {
            command.add("-XX:ArchiveClassesAtExit=" + file);
        }
        if (training.server()) {
            command.add("-Dmicronaut.server.port=" + port);
        }
        command.addAll(training.command());
        File log = Path.of(file + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        if (training.server()) {
            sendFirstRequests(process, "http://127.0.0.1:" + port, log);
            process.destroy();
        }
        if (!process.waitFor(180, TimeUnit.SECONDS) || !Files.isRegularFile(file)) {
            process.destroyForcibly();
            throw new IllegalStateException("the training run wrote no archive " + file + "; see " + log);
        }
    }

    /**
     * What an instance is asked first, as bench/README.md tells a deployment to train its archive: the node list once it
     * answers, the probes, and a node-agent call. Every class the archive holds is loaded and linked at every start,
     * used or not (about 25 us each here); rarer paths (an agent roll-out through /update/monitor, a refused body) load
     * theirs from the jar when first used, and are left out.
     */
    private void sendFirstRequests(Process process, String base, File log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/get/nodes")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the training run did not serve GET /get/nodes; see " + log);
                }
                Thread.sleep(20);
            }
        }
        for (String path : List.of("/healthz", "/readyz")) {
            http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        http.send(HttpRequest.newBuilder(URI.create(base + "/list")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"node_name\":\"node-2\"}")).build(), HttpResponse.BodyHandlers.discarding());
    }

    record Run(double seconds, double cpuSeconds, List<String> archiveWarnings) {
    }

    record LambdaRun(double seconds, double cpuSeconds, double constructSeconds, double invokeSeconds, List<String> archiveWarnings) {
    }

    private Run timeToFirst200(List<String> command, int port) throws IOException, InterruptedException {
        File log = Files.createTempFile("coldstart", ".log").toFile();
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/get/nodes"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build();
            long deadline = started + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("process exited with " + process.exitValue() + ", log: " + Files.readString(log.toPath()));
                }
                if (!listening(port)) {
                    Thread.sleep(2);
                    continue;
                }
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    double seconds = (System.nanoTime() - started) / 1e9;
                    double cpu = cpuSeconds(process);
                    if (response.statusCode() == 200) {
                        return new Run(seconds, cpu, archiveWarnings(Files.readString(log.toPath())));
                    }
                    throw new IllegalStateException("GET /get/nodes answered " + response.statusCode() + ": " + response.body()
                            + "\nlog: " + Files.readString(log.toPath()));
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

    /**
     * Whether the process listens yet: a bare TCP connect, refused at once until it does. Polling with the HTTP client
     * itself instead cost this JVM 0.4-0.8 s of CPU per second of polling (each refused attempt goes through its
     * asynchronous machinery), half of a two-core machine taken from the process being timed: the functions, which keep
     * two threads busy while they start (the main thread and the JIT), answered 0.835 s against 0.743 s with this probe
     * (10 interleaved rounds), the single-threaded floor 0.156 s against 0.162 s.
     */
    private static boolean listening(int port) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static final Pattern LAMBDA_LINE = Pattern.compile("^lambda status=(\\d+) construct_s=([0-9.]+) invoke_s=([0-9.]+) body=(.*)$");

    private LambdaRun timeLambda(List<String> command) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher answer = LAMBDA_LINE.matcher(line);
                if (answer.matches()) {
                    double seconds = (System.nanoTime() - started) / 1e9;
                    double cpu = cpuSeconds(process);
                    if (!answer.group(1).equals("200")) {
                        throw new IllegalStateException("the Lambda handler answered " + answer.group(1) + ": " + answer.group(4) + "\nlog: " + output);
                    }
                    while (lines.readLine() != null) {
                        // the JVM is exiting: read to the end so that it never blocks on a full pipe
                    }
                    return new LambdaRun(seconds, cpu, Double.parseDouble(answer.group(2)), Double.parseDouble(answer.group(3)),
                            archiveWarnings(output.toString()));
                }
                output.append(line).append('\n');
            }
            throw new IllegalStateException("the Lambda run exited with " + process.waitFor() + " and no answer, log: " + output);
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor();
            }
        }
    }

    private static List<String> archiveWarnings(String log) {
        return log.lines().filter(line -> line.contains("[cds]") || line.contains("[aot]"))
                .filter(line -> line.contains("error") || line.contains("mismatch") || line.contains("Unable to")
                        || line.contains("disabled") || line.contains("not used") || line.contains("failed"))
                .toList();
    }

    /** CPU (user + system) the process has used so far, from /proc; NaN where there is none. */
    private static double cpuSeconds(Process process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static int javaMajor(String launcher) throws IOException, InterruptedException {
        String version = javaVersion(launcher);
        return Integer.parseInt(version.split("[.+-]")[0]);
    }

    private static String javaVersion(String launcher) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(launcher, "-XshowSettings:properties", "-version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output.lines().map(String::trim).filter(line -> line.startsWith("java.version = "))
                .map(line -> line.substring("java.version = ".length())).findFirst()
                .orElseThrow(() -> new IllegalStateException("cannot tell the version of " + launcher));
    }

    /** Wall seconds and CPU seconds of several runs. */
    static final class Timing {
        private final List<Double> seconds = new ArrayList<>();
        private final List<Double> cpu = new ArrayList<>();

        void add(double wall, double cpuSeconds) {
            seconds.add(wall);
            cpu.add(cpuSeconds);
        }

        double median() {
            return ColdStartBench.median(seconds.stream().mapToDouble(Double::doubleValue).toArray());
        }

        @Override
        public String toString() {
            return seconds.stream().map(s -> String.format(Locale.ROOT, "%.3f", s)).collect(Collectors.joining(", ", "[", "]"))
                    + String.format(Locale.ROOT, " median %.3f s; CPU at that point %s", median(),
                    cpu.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).collect(Collectors.joining(", ", "[", "]")));
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
