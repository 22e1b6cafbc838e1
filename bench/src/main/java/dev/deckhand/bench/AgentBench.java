package dev.deckhand.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.testbed.CriTestBed;
import dev.deckhand.agents.AgentJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The node agent's footprint against a real containerd and registry ({@link CriTestBed}): the shaded agent jar started
 * as its Deployment starts it ({@link AgentJvm#OPTIONS} and a class-data archive), on a node holding {@code --images}
 * images, {@code --runs} times. Per run: seconds from process start to the first 200 on {@code GET /images}; the
 * resident set after {@code --calls} calls of {@code GET /images} and a second of idling; the median time of five
 * more such calls. Prints the medians over the runs and exits 1 past a target.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Benchmark the node agent's memory, start and list time.")
public class AgentBench implements Callable<Integer> {

    static final double TARGET_RSS_MB = 64;
    static final double TARGET_START_S = 1.0;
    static final double TARGET_LIST_MS = 100;
    private static final String TOKEN = "bench-agent-token-0123456789abcdef0123456789";
    private static final String MANY = "deckhand/many";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @Option(names = "--runs", defaultValue = "3", description = "fresh agent processes; medians are printed (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--images", defaultValue = "1000", description = "images on the node: one tiny image in this many variants (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--calls", defaultValue = "100", description = "GET /images calls before the resident set is read (default: ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--jar", defaultValue = "functions/node-agent/target/deckhand-node-agent.jar", description = "the shaded agent jar")
    Path jar;

    @Option(names = "--java-opts", description = "JVM options, one string (default: the agent Deployment's, AgentJvm.OPTIONS)")
    String javaOpts;

    @Option(names = "--archive", defaultValue = "auto", description = "class-data archive: auto (the jar's .jsa, made by a "
            + "training run as the Dockerfile makes it when missing or older than the jar), none, or a path (default: ${DEFAULT-VALUE})")
    String archive;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(jar)) {
            System.err.println("no agent jar at " + jar + ": build it with mvn -pl functions/node-agent -am package -DskipTests");
            return 2;
        }
        if (CriTestBed.missingPieces().isPresent()) {
            System.err.println("the CRI test bed cannot run here: " + CriTestBed.missingPieces().get() + "; " + CriTestBed.INSTALL_HINT);
            return 2;
        }
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> opts = javaOpts == null ? AgentJvm.OPTIONS
                : javaOpts.isBlank() ? List.of() : List.of(javaOpts.trim().split("\\s+"));
        Path token = Files.createTempFile("bench-agent-token", "");
        Files.writeString(token, TOKEN);
        try (CriTestBed bed = CriTestBed.start()) {
            List<String> archiveOpts = archiveOptions(launcher, opts, bed);
            System.err.println("options: " + String.join(" ", opts) + " " + String.join(" ", archiveOpts));
            long seedStart = System.nanoTime();
            List<String> refs = pushVariants(bed, images);
            try (Agent seeder = Agent.start(command(launcher, opts, archiveOpts), bed, token, Path.of(jar + ".seed.log"))) {
                seeder.awaitFirstList(http);
                pullAll(seeder, refs);
            }
            System.err.printf(Locale.ROOT, "%d images pushed and pulled in %.1f s%n", refs.size(), (System.nanoTime() - seedStart) / 1e9);

            double[] rss = new double[runs];
            double[] start = new double[runs];
            double[] list = new double[runs];
            double[] peak = new double[runs];
            List<String> warnings = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Path log = Path.of(jar + ".run" + i + ".log");
                try (Agent agent = Agent.start(command(launcher, opts, archiveOpts), bed, token, log)) {
                    start[i] = agent.awaitFirstList(http);
                    int listed = 0;
                    for (int c = 0; c < calls; c++) {
                        listed = agent.listImages(http).path("images").size();
                    }
                    if (listed < images) {
                        throw new IllegalStateException("the agent lists " + listed + " images, expected at least " + images);
                    }
                    double[] lists = new double[5];
                    for (int c = 0; c < lists.length; c++) {
                        long t0 = System.nanoTime();
                        agent.listImages(http);
                        lists[c] = (System.nanoTime() - t0) / 1e6;
                    }
                    list[i] = median(lists);
                    Thread.sleep(1000);
                    rss[i] = agent.rssMb();
                    peak[i] = agent.peakMb();
                }
                Files.readAllLines(log).stream().filter(l -> l.contains("[cds]") || l.contains("shared archive")).forEach(warnings::add);
                System.err.printf(Locale.ROOT, "  run %d: rss_mb=%.1f peak_mb=%.1f start_s=%.3f list_%d_ms=%.1f%n",
                        i + 1, rss[i], peak[i], start[i], images, list[i]);
            }
            double r = median(rss);
            double s = median(start);
            double l = median(list);
            System.out.printf(Locale.ROOT, "agent rss_mb=%.1f start_s=%.3f list_%d_ms=%.1f%n", r, s, images, l);
            System.err.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
            if (!warnings.isEmpty()) {
                System.err.println("the class-data archive was NOT used by every run:\n  " + String.join("\n  ", warnings));
            }
            List<String> missed = new ArrayList<>();
            if (r > TARGET_RSS_MB) {
                missed.add("rss_mb > " + TARGET_RSS_MB);
            }
            if (s >= TARGET_START_S) {
                missed.add("start_s >= " + TARGET_START_S);
            }
            if (l >= TARGET_LIST_MS) {
                missed.add("list_ms >= " + TARGET_LIST_MS);
            }
            double limit = Double.parseDouble(AgentJvm.MEMORY.replace("Mi", ""));
            double highest = Arrays.stream(peak).max().orElse(0);
            System.err.printf(Locale.ROOT, "peak resident set %.1f MiB; the Deployment's memory limit %s%n", highest, AgentJvm.MEMORY);
            if (highest > limit) {
                missed.add("peak " + highest + " MiB > the Deployment's limit " + AgentJvm.MEMORY);
            }
            if (!missed.isEmpty()) {
                System.err.println("targets missed: " + String.join(", ", missed));
                return 1;
            }
            return 0;
        } finally {
            Files.deleteIfExists(token);
        }
    }

    private List<String> command(String launcher, List<String> opts, List<String> archiveOpts) {
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(opts);
        command.addAll(archiveOpts);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /** As the Dockerfile makes it: {@code ClassDataTraining} from the jar with {@code -XX:ArchiveClassesAtExit}. */
    private List<String> archiveOptions(String launcher, List<String> opts, CriTestBed bed) throws IOException, InterruptedException {
        if (archive.equals("none")) {
            return List.of();
        }
        Path file = archive.equals("auto") ? Path.of(jar.toString().replaceAll("\\.jar$", ".jsa")) : Path.of(archive);
        if (archive.equals("auto") && (!Files.isRegularFile(file)
                || Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(jar)) < 0)) {
            System.err.println("making " + file + " with a training run ...");
            Files.deleteIfExists(file);
            List<String> command = new ArrayList<>(List.of(launcher));
            command.addAll(opts);
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + file, "-Xlog:cds=off", "-cp", jar.toString(),
                    "dev.deckhand.agent.ClassDataTraining"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(new File(file + ".log"));
            builder.environment().put("DECKHAND_AGENT_RUNTIME_ENDPOINT", bed.socket().toString());
            builder.environment().put("MALLOC_ARENA_MAX", AgentJvm.MALLOC_ARENA_MAX);
            Process training = builder.start();
            if (!training.waitFor(120, TimeUnit.SECONDS) || training.exitValue() != 0 || !Files.isRegularFile(file)) {
                training.destroyForcibly();
                throw new IOException("the training run did not make " + file + "; see " + file + ".log");
            }
        }
        return List.of("-XX:SharedArchiveFile=" + file);
    }

    /**
     * {@code count} images in the registry, {@code deckhand/many:iNNNN}: the tiny image with a label of its own in the
     * config, so each is a distinct image (its own id) over the same layers.
     */
    private List<String> pushVariants(CriTestBed bed, int count) throws IOException, InterruptedException {
        String registry = "http://127.0.0.1:" + bed.registryPort();
        JsonNode manifest = json.readTree(get(registry + "/v2/" + CriTestBed.TINY + "/manifests/v1", OCI_MANIFEST));
        byte[] config = get(registry + "/v2/" + CriTestBed.TINY + "/blobs/" + manifest.path("config").path("digest").asText(), "*/*");
        for (JsonNode layer : manifest.path("layers")) {
            HttpResponse<Void> mounted = send(HttpRequest.newBuilder(URI.create(registry + "/v2/" + MANY + "/blobs/uploads/?mount="
                    + layer.path("digest").asText() + "&from=" + CriTestBed.TINY)).POST(HttpRequest.BodyPublishers.noBody()));
            expect(mounted, 201, "mount of layer " + layer.path("digest").asText());
        }
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String tag = String.format(Locale.ROOT, "i%04d", i);
            ObjectNode variant = (ObjectNode) json.readTree(config);
            variant.withObject("/config/Labels").put("dev.deckhand.bench.variant", tag);
            byte[] variantConfig = json.writeValueAsBytes(variant);
            String digest = "sha256:" + sha256(variantConfig);
            HttpResponse<Void> upload = send(HttpRequest.newBuilder(URI.create(registry + "/v2/" + MANY + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            expect(upload, 202, "upload start");
            String location = upload.headers().firstValue("Location").orElseThrow();
            URI put = URI.create(registry).resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + digest);
            expect(send(HttpRequest.newBuilder(put).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(variantConfig))), 201, "config upload");
            ObjectNode variantManifest = manifest.deepCopy();
            ((ObjectNode) variantManifest.get("config")).put("digest", digest).put("size", variantConfig.length);
            expect(send(HttpRequest.newBuilder(URI.create(registry + "/v2/" + MANY + "/manifests/" + tag))
                    .header("Content-Type", OCI_MANIFEST)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(variantManifest)))), 201, "manifest " + tag);
            refs.add(bed.image(MANY, tag));
        }
        return refs;
    }

    private void pullAll(Agent agent, List<String> refs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> pulls = new ArrayList<>();
            for (String ref : refs) {
                pulls.add(pool.submit(() -> agent.post(http, AgentPaths.PULL, "{\"image\":\"" + ref + "\"}")));
            }
            for (int i = 0; i < pulls.size(); i++) {
                int status = pulls.get(i).get();
                if (status != 200) {
                    throw new IllegalStateException("pull of " + refs.get(i) + " answered " + status);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private byte[] get(String url, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private HttpResponse<Void> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    }

    private static void expect(HttpResponse<?> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(what + ": the registry answered " + response.statusCode() + ", expected " + status);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One agent process. */
    private record Agent(Process process, int port, long startNanos) implements AutoCloseable {

        static Agent start(List<String> command, CriTestBed bed, Path token, Path log) throws IOException {
            int port = CriTestBed.freeUncommonPort();
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("DECKHAND_AGENT_RUNTIME_ENDPOINT", bed.socket().toString());
            builder.environment().put("DECKHAND_AGENT_TOKEN_FILE", token.toString());
            builder.environment().put("PORT", String.valueOf(port));
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().put("MALLOC_ARENA_MAX", AgentJvm.MALLOC_ARENA_MAX);
            long t0 = System.nanoTime();
            return new Agent(builder.start(), port, t0);
        }

        /** Polls {@code GET /images} until the first 200; answers the seconds since the process was started. */
        double awaitFirstList(HttpClient http) throws IOException, InterruptedException {
            long deadline = startNanos + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the agent exited with " + process.exitValue());
                }
                try {
                    HttpResponse<Void> response = http.send(request(AgentPaths.IMAGES).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return (System.nanoTime() - startNanos) / 1e9;
                    }
                } catch (ConnectException notYet) {
                    // not listening yet
                }
                Thread.sleep(2);
            }
            throw new IOException("the agent did not answer GET /images with 200 within 30 s");
        }

        JsonNode listImages(HttpClient http) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = http.send(request(AgentPaths.IMAGES).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("GET /images answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return new ObjectMapper().readTree(response.body());
        }

        int post(HttpClient http, String path, String body) throws IOException, InterruptedException {
            return http.send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + TOKEN);
        }

        /** VmRSS of /proc/PID/status, in MB (10^6 bytes would flatter it: MiB). */
        double rssMb() throws IOException {
            return statusMb("VmRSS:");
        }

        /** The peak resident set so far (VmHWM), in MiB. */
        double peakMb() throws IOException {
            return statusMb("VmHWM:");
        }

        private double statusMb(String field) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            throw new IOException("no " + field + " for process " + process.pid());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
