package dev.deckhand.agent.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real CRI runtime and a real registry for the tests, all under one temp dir: {@code docker-registry}
 * on an uncommon loopback port, holding a tiny busybox image built offline with {@code umoci} and pushed
 * with {@code skopeo}, and a private {@code containerd} (own root, state and socket; CRI plugin on; native
 * snapshotter, so no mounts are needed) that pulls from that registry over plain http.
 *
 * <p>The registry holds {@link #TINY} under tags {@code v1} and {@code v2} (one image) and {@link #OTHER}
 * (a second image: same layer, different config).
 */
public final class CriTestBed implements AutoCloseable {

    public static final String TINY = "deckhand/tiny";
    public static final String OTHER = "deckhand/other";
    /** The image of pod sandboxes (containerd's {@code sandbox_image}), {@code busybox sleep} as entrypoint. */
    public static final String PAUSE = "deckhand/pause";
    /** The tools the test bed runs, all from Debian packages (see {@link #INSTALL_HINT}). */
    public static final List<String> TOOLS = List.of("containerd", "docker-registry", "skopeo", "umoci");
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    public static final String INSTALL_HINT =
            "apt-get install -y containerd docker-registry skopeo umoci busybox-static (as root)";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int registryPort;
    private final Process registry;
    private final Process containerd;
    private final Path socket;

    private CriTestBed(Path dir, int registryPort, Process registry, Process containerd, Path socket) {
        this.dir = dir;
        this.registryPort = registryPort;
        this.registry = registry;
        this.containerd = containerd;
        this.socket = socket;
    }

    /** What keeps the test bed from running here, or empty when everything it needs is present. */
    public static Optional<String> missingPieces() {
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (findOnPath(tool).isEmpty()) {
                missing.add(tool);
            }
        }
        if (!Files.isExecutable(BUSYBOX)) {
            missing.add(BUSYBOX + " (busybox-static)");
        }
        if (!isRoot()) {
            missing.add("root (containerd needs it)");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("missing " + String.join(", ", missing));
    }

    /** Starts registry and containerd and pushes the test images. Stops whatever it started if a step fails. */
    public static CriTestBed start() throws IOException, InterruptedException {
        // Unix socket paths are limited to 108 bytes: keep the temp dir short.
        Path base = Files.isDirectory(Path.of("/tmp")) ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = Files.createTempDirectory(base, "deckhand-cri-");
        Process registry = null;
        Process containerd = null;
        try {
            int port = -1;
            for (int attempt = 1; registry == null; attempt++) {
                port = freeUncommonPort();
                try {
                    registry = startRegistry(dir, port);
                } catch (IOException e) {
                    // Another process may have taken the port between the check and the start.
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
            pushImages(dir, port);
            Path socket = dir.resolve("containerd.sock");
            containerd = startContainerd(dir, port, socket);
            CriTestBed bed = new CriTestBed(dir, port, registry, containerd, socket);
            // Should the JVM end without the extension closing the bed (a killed fork), take the daemons along.
            Runtime.getRuntime().addShutdownHook(new Thread(bed::close, "cri-test-bed-stop"));
            return bed;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(containerd);
            stop(registry);
            deleteTree(dir);
            throw e;
        }
    }

    /** containerd's CRI socket. */
    public Path socket() {
        return socket;
    }

    public int registryPort() {
        return registryPort;
    }

    /** {@code 127.0.0.1:PORT/repository:tag} in the test registry. */
    public String image(String repository, String tag) {
        return "127.0.0.1:" + registryPort + "/" + repository + ":" + tag;
    }

    public boolean containerdAlive() {
        return containerd.isAlive();
    }

    public boolean registryAlive() {
        return registry.isAlive();
    }

    /** The tail of a daemon's log, for failure messages. */
    public String log(String daemon) {
        return tail(dir.resolve(daemon + ".log"));
    }

    @Override
    public void close() {
        stop(containerd);
        stop(registry);
        deleteTree(dir);
    }

    private static Process startRegistry(Path dir, int port) throws IOException, InterruptedException {
        Path storage = Files.createDirectories(dir.resolve("registry"));
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(storage, port));
        Process process = daemon(dir, "registry", "docker-registry", "serve", config.toString());
        URI ping = URI.create("http://127.0.0.1:" + port + "/v2/");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        waitFor("docker-registry on port " + port, process, dir.resolve("registry.log"), () -> {
            try {
                return client.send(HttpRequest.newBuilder(ping).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }

    private static Process startContainerd(Path dir, int registryPort, Path socket) throws IOException, InterruptedException {
        // hosts.toml: the registry speaks plain http; containerd would otherwise try https.
        String host = "127.0.0.1:" + registryPort;
        Path certs = dir.resolve("certs.d");
        Files.createDirectories(certs.resolve(host));
        Files.writeString(certs.resolve(host).resolve("hosts.toml"), """
                server = "http://%1$s"
                [host."http://%1$s"]
                  capabilities = ["pull", "resolve"]
                """.formatted(host));
        for (String sub : List.of("root", "state", "opt", "cni/bin", "cni/conf")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path config = dir.resolve("containerd.toml");
        // Pod sandboxes and containers run (host network, so no CNI) with cgroups and AppArmor off and the OOM score
        // left alone: with them, runc failed here ("can't get final child's PID from pipe") inside a VM.
        // native snapshotter: plain copies, no mounts (overlayfs needs mount rights a sandbox may lack);
        // the snapshotters below only probe the host filesystem and log noise, so they are off.
        Files.writeString(config, """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = [
                  "io.containerd.snapshotter.v1.aufs",
                  "io.containerd.snapshotter.v1.btrfs",
                  "io.containerd.snapshotter.v1.devmapper",
                  "io.containerd.snapshotter.v1.zfs",
                ]
                [grpc]
                  address = "%2$s"
                [ttrpc]
                  address = "%2$s.ttrpc"
                [debug]
                  address = ""
                  level = "info"
                [metrics]
                  address = ""
                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"
                [plugins."io.containerd.grpc.v1.cri"]
                  disable_tcp_service = true
                  sandbox_image = "%4$s"
                  disable_cgroup = true
                  disable_apparmor = true
                  restrict_oom_score_adj = true
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "native"
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%1$s/cni/bin"
                    conf_dir = "%1$s/cni/conf"
                  [plugins."io.containerd.grpc.v1.cri".registry]
                    config_path = "%3$s"
                """.formatted(dir, socket, certs, host + "/" + PAUSE + ":v1"));
        Process process = daemon(dir, "containerd", "containerd", "--config", config.toString());
        waitFor("containerd on " + socket, process, dir.resolve("containerd.log"), () -> {
            if (!Files.exists(socket)) {
                return false;
            }
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                return channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }

    /** Builds the test images offline and pushes them: no network beyond loopback. */
    private static void pushImages(Path dir, int port) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("build"));
        String layout = "oci";
        run(work, "umoci", "init", "--layout", layout);
        run(work, "umoci", "new", "--image", layout + ":tiny");
        run(work, "umoci", "unpack", "--rootless", "--image", layout + ":tiny", "bundle");
        Path bin = Files.createDirectories(work.resolve("bundle/rootfs/bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        run(work, "umoci", "repack", "--image", layout + ":tiny", "bundle");
        run(work, "umoci", "config", "--image", layout + ":tiny", "--tag", "other",
                "--config.label", "dev.deckhand.test=other");
        // The pod sandbox ("pause") image: something that waits until it is stopped.
        run(work, "umoci", "config", "--image", layout + ":tiny", "--tag", "pause",
                "--config.entrypoint", "/bin/busybox", "--config.cmd", "sleep", "--config.cmd", "2147483647");
        String registry = "docker://127.0.0.1:" + port + "/";
        for (String[] push : new String[][]{
                {"tiny", TINY + ":v1"}, {"tiny", TINY + ":v2"}, {"other", OTHER + ":v1"}, {"pause", PAUSE + ":v1"}}) {
            run(work, "skopeo", "--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false",
                    "oci:" + layout + ":" + push[0], registry + push[1]);
        }
    }

    private static Process daemon(Path dir, String name, String... command) throws IOException {
        Path log = dir.resolve(name + ".log");
        return new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private interface Probe {
        boolean answers() throws IOException, InterruptedException;
    }

    private static void waitFor(String what, Process process, Path log, Probe probe)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(what + " exited with " + process.exitValue() + " before answering:\n" + tail(log));
            }
            if (probe.answers()) {
                return;
            }
            Thread.sleep(50);
        }
        stop(process);
        throw new IOException(what + " did not answer within " + START_TIMEOUT.toSeconds() + " s:\n" + tail(log));
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir.getParent(), "cmd-", ".log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + tail(output));
        }
    }

    private static void stop(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A port in 40000-48999 that nothing listens on now, away from the usual development ports. */
    public static int freeUncommonPort() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = 40000 + ThreadLocalRandom.current().nextInt(9000);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free loopback port in 40000-48999");
    }

    static Optional<Path> findOnPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: it is a temp dir
        }
    }
}
