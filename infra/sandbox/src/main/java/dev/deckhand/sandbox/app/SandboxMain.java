package dev.deckhand.sandbox.app;

import dev.deckhand.auth.CallerTokenSignatures;
import dev.deckhand.auth.Roles;
import dev.deckhand.auth.SharedSecretTokens;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Deckhand on an embedded cluster: the sandbox API server with its node simulator and simulated node
 * agents, the functions on http://localhost:PORT and the reconciler as a daemon, in one process.
 * The functions and the reconciler reach the cluster exactly as in production: the Kubernetes client
 * over HTTP with a kubeconfig, and node agents over HTTP.
 */
@Command(name = "deckhand-sandbox", mixinStandardHelpOptions = true, version = "deckhand-sandbox 0.1.0",
        description = "Runs Deckhand against an embedded Kubernetes cluster.")
public class SandboxMain implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port of the functions (default: $PORT or 8080)")
    Integer port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "address the functions listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens them to the network)")
    String bind;

    @Option(names = "--nodes", defaultValue = "5", description = "number of demo nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--kubeconfig", description = "where to write the sandbox cluster's kubeconfig (default: ${DEFAULT-VALUE})",
            defaultValue = "${sys:java.io.tmpdir}/deckhand-sandbox/kubeconfig")
    Path kubeconfig;

    @Option(names = "--api-port", defaultValue = "0", description = "port of the embedded Kubernetes API server (default: a free one)")
    int apiPort;

    @Option(names = "--reconcile-interval", defaultValue = "3s", description = "reconciler period (default: ${DEFAULT-VALUE})")
    String reconcileInterval;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SandboxMain()).execute(args));
    }

    /**
     * The sandbox cluster and the Deckhand application running on it, and ready-made bearer tokens for its callers:
     * by role ({@code admin}, {@code deployer}) and for the demo tenant {@code tenant-a}.
     */
    public record Running(SandboxCluster cluster, ApplicationContext context, String url, Map<String, String> tokens,
                          Path tokenFile) implements AutoCloseable {

        public String adminToken() {
            return tokens.get(Roles.ADMIN);
        }

        @Override
        public void close() {
            context.close();
            cluster.close();
        }
    }

    @Override
    public Integer call() throws Exception {
        Running sandbox;
        try {
            sandbox = start();
        } catch (RuntimeException e) {
            System.err.println("deckhand-sandbox: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        System.out.println(banner(sandbox, nodes));
        stopped.await();
        return 0;
    }

    /** Starts the cluster, then Deckhand on it; on failure nothing is left running. */
    public Running start() {
        int httpPort = port != null ? port : Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        // Before anything is written: a second sandbox on a taken port must not overwrite the running one's
        // kubeconfig and token.
        requireFree(bind, httpPort);
        SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder()
                .nodes(nodes)
                .apiServerPort(apiPort)
                .kubeconfigPath(kubeconfig)
                .build());
        // The simulated agents demand a caller token as deployed ones do; this run's is random. So is the secret
        // callers' tokens are signed with: the sandbox hands out the tokens below.
        SecureRandom random = new SecureRandom();
        String agentToken = HexFormat.of().formatHex(random.generateSeed(24));
        cluster.agents().requireToken(agentToken);
        String jwtSecret = jwtSecret(System.getenv("DECKHAND_AUTH_JWT_SECRET"), random);
        Map<String, String> tokens = new LinkedHashMap<>();
        Duration ttl = Duration.ofDays(1);
        tokens.put(Roles.ADMIN, SharedSecretTokens.sign(jwtSecret, "sandbox-admin", List.of(Roles.ADMIN), Map.of(), ttl));
        tokens.put(Roles.DEPLOYER, SharedSecretTokens.sign(jwtSecret, "sandbox-deployer", List.of(Roles.DEPLOYER), Map.of(), ttl));
        tokens.put("tenant-a", SharedSecretTokens.sign(jwtSecret, "sandbox-tenant-a", List.of(Roles.TENANT),
                Map.of("tenant", "tenant-a"), ttl));
        try {
            // A plain context rather than Micronaut.run: that would add its own shutdown hook, which then waits
            // on ours (ours must also close the cluster, after the functions).
            ApplicationContext context = ApplicationContext.builder()
                    .mainClass(SandboxMain.class)
                    .properties(properties(cluster, bind, httpPort, reconcileInterval, agentToken, jwtSecret))
                    .banner(false)
                    .start();
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            String url = server.getURL().toString().replace("127.0.0.1", "localhost");
            Path tokenFile = kubeconfig.resolveSibling("token");
            writePrivately(tokenFile, tokens.get(Roles.ADMIN) + "\n");
            return new Running(cluster, context, url, tokens, tokenFile);
        } catch (RuntimeException e) {
            cluster.close();
            throw new IllegalStateException("could not start the functions on port " + httpPort + ": " + e.getMessage(), e);
        }
    }

    static void requireFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on " + host + " is in use (another sandbox?): pass --port N"
                    + " to run this one elsewhere");
        }
    }

    /** The configuration a production deployment would give through its environment. */
    static Map<String, Object> properties(SandboxCluster cluster, String bind, int httpPort, String reconcileInterval,
            String agentToken, String jwtSecret) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.host", bind);
        properties.put("micronaut.server.port", httpPort);
        properties.put("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString());
        properties.put("kubernetes.client.namespace", "deckhand");
        properties.put("deckhand.agent.namespace", "deckhand");
        properties.put("deckhand.agent.url-template", cluster.agentUrlTemplate());
        properties.put("deckhand.agent.token", agentToken);
        properties.put("deckhand.auth.jwt-secret", jwtSecret);
        properties.put("deckhand.reconciler.mode", "daemon");
        properties.put("deckhand.reconciler.interval", reconcileInterval);
        // As infra/k8s configures the reconciler: the desired services are in this ConfigMap once someone creates it.
        properties.put("deckhand.services.desired-config-map", "deckhand-services");
        return properties;
    }

    /**
     * {@code DECKHAND_AUTH_JWT_SECRET} when set, so that a user can mint tokens for the sandbox with any JWT library;
     * otherwise a random one for this run.
     */
    static String jwtSecret(String configured, SecureRandom random) {
        if (configured == null || configured.isEmpty()) {
            return HexFormat.of().formatHex(random.generateSeed(32));
        }
        if (configured.length() < CallerTokenSignatures.MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("DECKHAND_AUTH_JWT_SECRET must be at least "
                    + CallerTokenSignatures.MIN_SECRET_LENGTH + " characters");
        }
        return configured;
    }

    private static String banner(Running sandbox, int nodes) {
        String url = sandbox.url();
        SandboxCluster cluster = sandbox.cluster();
        String node = "node-2";
        String auth = " -H \"$AUTH\"";
        return String.join("\n", List.of(
                "",
                "Deckhand sandbox is up: " + url + "  (" + nodes + " demo nodes)",
                "  API docs:     " + url + "/swagger-ui/",
                "  Kubernetes:   " + cluster.apiServerUrl() + "   kubectl --kubeconfig " + cluster.kubeconfigPath() + " get nodes",
                "",
                "Bearer tokens of this run (valid 24 h; the admin one is also in " + sandbox.tokenFile() + "):",
                "  admin:    " + sandbox.tokens().get(Roles.ADMIN),
                "  deployer: " + sandbox.tokens().get(Roles.DEPLOYER),
                "  tenant-a: " + sandbox.tokens().get("tenant-a"),
                "",
                "Try:",
                "  export DECKHAND_TOKEN=$(cat " + sandbox.tokenFile() + ") AUTH=\"Authorization: Bearer $(cat " + sandbox.tokenFile() + ")\"",
                "  curl -s" + auth + " " + url + "/get/nodes",
                "  curl -s" + auth + " " + url + "/update/monitor",
                "  curl -s" + auth + " -XPOST " + url + "/list -H 'Content-Type: application/json' -d '{\"node_name\":\"" + node + "\"}'",
                "  curl -s" + auth + " -XPOST " + url + "/pull -H 'Content-Type: application/json' -d '{\"node_name\":\"" + node + "\",\"image\":\"alpine:3.20\"}'",
                "  curl -s" + auth + " -XPOST " + url + "/delete -H 'Content-Type: application/json' -d '{\"node_name\":\"" + node + "\",\"image\":\"alpine:3.20\"}'",
                "  curl -s" + auth + " -XPOST " + url + "/pull -H 'Content-Type: application/json' -d '{\"node_name\":\"" + node + "\",\"image\":\"fail.invalid/app:1\"}'",
                "",
                "Ctrl-C stops it.",
                ""));
    }

    private static void writePrivately(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
