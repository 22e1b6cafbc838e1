package dev.deckhand.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.AgentImageList;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.api.AgentToken;
import dev.deckhand.agent.api.CleanupRequest;
import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.agent.api.CleanupRuleException;
import dev.deckhand.agent.api.CleanupRules;
import dev.deckhand.agent.api.FsInfo;
import dev.deckhand.agent.api.FsUsage;
import dev.deckhand.agent.api.ImageRequest;
import dev.deckhand.agent.api.InvalidImageReferenceException;
import dev.deckhand.agent.api.PullResult;
import dev.deckhand.agent.api.RemoveResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Simulated node agents: one HTTP server on 127.0.0.1 serving, for every node N of the cluster, the node agent
 * contract of {@code dev.deckhand.agent.api} under {@code http://127.0.0.1:PORT/nodes/N}. Each node has an
 * in-memory image store (its "containerd"), shared with the node simulator; every pull or remove is also
 * written to the Node's {@code status.images}.
 *
 * <p>Pulls resolve every reference to a deterministic image, except: registry {@code fail.invalid} answers 502
 * {@code UNKNOWN} with containerd's DNS error, a tag ending in {@code missing} answers 404 {@code NOT_FOUND}.
 * Malformed references answer 400 {@code INVALID_ARGUMENT}. A node that does not exist answers 404.
 */
public final class NodeAgents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgents.class);
    private static final String PREFIX = "/nodes/";
    private static final int MAX_BODY = 64 * 1024;
    /** Where containerd keeps its snapshots; the mountpoint {@code GET /fs} reports. */
    static final String IMAGE_FS_MOUNTPOINT = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs";

    private final Predicate<String> nodeExists;
    private final NodeImages images;
    private final Function<String, List<RunningContainers.Running>> runningOn;
    private final Function<String, List<RunningContainers.Running>> containersOn;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Set<String> runtimeDown = ConcurrentHashMap.newKeySet();
    private final LongAdder requests = new LongAdder();
    private volatile AgentToken callerToken;
    private final Set<String> diesMidPull = ConcurrentHashMap.newKeySet();
    private volatile Duration pullDelay = Duration.ZERO;
    private final Map<String, Duration> nodePullDelays = new ConcurrentHashMap<>();
    private volatile int port;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param nodeExists whether a node of that name exists in the API server
     * @param runningOn    the containers running on a node
     * @param containersOn the containers of a node in any state
     */
    NodeAgents(Predicate<String> nodeExists, NodeImages images, Function<String, List<RunningContainers.Running>> runningOn,
               Function<String, List<RunningContainers.Running>> containersOn) {
        this.nodeExists = nodeExists;
        this.images = images;
        this.runningOn = runningOn;
        this.containersOn = containersOn;
    }

    /** Starts serving; on the port it had before when restarted, otherwise on {@code port} (0: a free one). */
    synchronized NodeAgents start(int requestedPort) {
        if (server != null) {
            return this;
        }
        int bindPort = port != 0 ? port : requestedPort;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), bindPort), 128);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the simulated node agents on port " + bindPort, e);
        }
        AtomicInteger threads = new AtomicInteger();
        // A thread per request in progress: every real node has an agent of its own, so a slow pull on one node must not
        // queue the pulls of others behind it (the callers bound how many they send at once).
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sandbox-agent-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    /** Starts the agent server again after {@link #stop()}, on the same port. */
    public synchronized void start() {
        start(port);
    }

    /** Stops the agent server: every agent URL then refuses connections. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        executor = null;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/nodes/{node}} with the literal placeholder {@code {node}}. */
    public String urlTemplate() {
        return "http://127.0.0.1:" + port + "/nodes/{node}";
    }

    /** The base URL of one node's agent. */
    public String url(String node) {
        return "http://127.0.0.1:" + port + PREFIX + node;
    }

    /** Makes every route of one node's agent answer 503 {@code UNAVAILABLE} (the agent cannot be reached). */
    public void setDown(String node, boolean isDown) {
        if (isDown) {
            down.add(node);
        } else {
            down.remove(node);
        }
    }

    public boolean isDown(String node) {
        return down.contains(node);
    }

    /**
     * Makes one node's container runtime unreachable: {@code /healthz} still answers 200, {@code /readyz} and the
     * image routes answer 503 {@code UNAVAILABLE} with the dial error containerd's socket gives.
     */
    public void setRuntimeDown(String node, boolean isDown) {
        if (isDown) {
            runtimeDown.add(node);
        } else {
            runtimeDown.remove(node);
        }
    }

    /**
     * Makes every agent demand {@code Authorization: Bearer token} on all routes but the probes, as deployed agents
     * do, answering 401 {@code UNAUTHENTICATED} otherwise; null (the default) accepts any caller.
     */
    public void requireToken(String token) {
        this.callerToken = token == null ? null : AgentToken.of(token);
    }

    /**
     * Makes one node's agent die in the middle of every pull: after the pull delay it drops the connection
     * without an answer, as a crashed agent process would, and the image is not pulled.
     */
    public void setDiesMidPull(String node, boolean dies) {
        if (dies) {
            diesMidPull.add(node);
        } else {
            diesMidPull.remove(node);
        }
    }

    /** Every pull, and every cleanup, takes this long before it answers (default zero), except on nodes given a delay of their own. */
    public void setPullDelay(Duration delay) {
        this.pullDelay = delay == null ? Duration.ZERO : delay;
    }

    /** Pulls on one node take this long (a slow disk or link: a straggler); null: the delay of every node again. */
    public void setPullDelay(String node, Duration delay) {
        if (delay == null) {
            nodePullDelays.remove(node);
        } else {
            nodePullDelays.put(node, delay);
        }
    }

    /** The images on one node, as {@code GET /images} lists them. */
    public List<AgentImage> images(String node) {
        return images.read(node, NodeImageStore::list);
    }

    /** HTTP requests the agents received. */
    public long requestCount() {
        return requests.sum();
    }

    public void resetRequestCount() {
        requests.reset();
    }

    @Override
    public void close() {
        stop();
    }

    // ---------------------------------------------------------------------------------------------------------

    private record Reply(int status, Object body) {
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.increment();
        Reply reply;
        try {
            reply = route(exchange);
            if (reply == null) {
                exchange.close();
                return;
            }
        } catch (RuntimeException e) {
            LOG.warn("simulated agent failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply = new Reply(500, new AgentError(null, "internal error of the simulated agent: " + e, "INTERNAL"));
        }
        byte[] body = json.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.startsWith(PREFIX)) {
            return notFound(null, "no route " + path + "; agent routes are under /nodes/{node}");
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return notFound(null, "no route " + path + "; agent routes are under /nodes/{node}");
        }
        String node = rest.substring(0, slash);
        String route = rest.substring(slash);
        String method = exchange.getRequestMethod();

        if (!nodeExists.test(node)) {
            return notFound(null, "no node agent for node \"" + node + "\": the node does not exist");
        }
        if (down.contains(node)) {
            return new Reply(503, new AgentError(null,
                    "the node agent of \"" + node + "\" cannot be reached (marked down in the sandbox)", "UNAVAILABLE"));
        }
        AgentToken required = callerToken;
        if (required != null && !route.equals(AgentPaths.HEALTHZ) && !route.equals(AgentPaths.READYZ)
                && !required.accepts(exchange.getRequestHeaders().getFirst(AgentToken.HEADER))) {
            return new Reply(401, new AgentError(null, "this agent answers Deckhand only: send Authorization: Bearer"
                    + " with the agent token", "UNAUTHENTICATED"));
        }
        switch (route) {
            case AgentPaths.HEALTHZ:
                return expect(method, "GET").orElseGet(() -> new Reply(200, Map.of("status", "ok")));
            case AgentPaths.READYZ:
                return expect(method, "GET").orElseGet(() -> runtimeDown.contains(node)
                        ? runtimeUnavailable(null) : new Reply(200, Map.of("status", "ready")));
            case AgentPaths.IMAGES:
                return expect(method, "GET").orElseGet(() -> runtimeDown.contains(node) ? runtimeUnavailable(null)
                        : new Reply(200, new AgentImageList(images.read(node, NodeImageStore::list))));
            case AgentPaths.IMAGE_STATUS:
                return expect(method, "GET").orElseGet(() -> imageStatus(node, query(exchange, "image")));
            case AgentPaths.PULL:
                return expect(method, "POST").orElseGet(() -> withImage(exchange, node, this::pull));
            case AgentPaths.REMOVE:
                return expect(method, "POST").orElseGet(() -> withImage(exchange, node,
                        (n, image) -> remove(n, image, query(exchange, "force"))));
            case AgentPaths.CLEANUP:
                return expect(method, "POST").orElseGet(() -> cleanup(exchange, node));
            case AgentPaths.FS:
                return expect(method, "GET").orElseGet(() -> runtimeDown.contains(node) ? runtimeUnavailable(null)
                        : new Reply(200, images.read(node, store -> new FsInfo(List.of(new FsUsage(
                        IMAGE_FS_MOUNTPOINT, store.usedBytes(), store.usedBytes() / 32_768 + store.size() * 12L))))));
            default:
                return notFound(null, "no route " + route + " on the node agent");
        }
    }

    private interface ImageOperation {
        Reply apply(String node, String image);
    }

    private Reply withImage(HttpExchange exchange, String node, ImageOperation operation) {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            return invalid(null, "cannot read the request body: " + e.getMessage());
        }
        if (body.length > MAX_BODY) {
            return invalid(null, "request body is larger than " + MAX_BODY + " bytes");
        }
        if (body.length == 0) {
            return invalid(null, "request body is empty; expected {\"image\": \"REFERENCE\"}");
        }
        ImageRequest request;
        try {
            request = json.readValue(body, ImageRequest.class);
        } catch (JsonProcessingException e) {
            return invalid(null, "request body is not valid JSON of the form {\"image\": \"REFERENCE\"}: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            return invalid(null, "cannot read the request body: " + e.getMessage());
        }
        if (request == null || request.image() == null || request.image().isBlank()) {
            return invalid(null, "field 'image' is required");
        }
        if (runtimeDown.contains(node)) {
            return runtimeUnavailable(request.image());
        }
        return operation.apply(node, request.image());
    }

    private Reply pull(String node, String image) {
        Images.Normalized normalized;
        try {
            normalized = Images.normalize(image);
        } catch (InvalidImageReferenceException e) {
            return invalid(image, e.getMessage());
        }
        sleep(nodePullDelays.getOrDefault(node, pullDelay));
        if (diesMidPull.contains(node)) {
            return null;
        }
        Optional<Images.PullFailure> failure = Images.pullFailure(normalized);
        if (failure.isPresent()) {
            Images.PullFailure f = failure.get();
            return new Reply(f.notFound() ? 404 : 502, new AgentError(image, f.message(), f.code()));
        }
        AgentImage pulled = images.update(node, store -> store.add(normalized));
        return new Reply(200, new PullResult(image, pulled.id()));
    }

    private Reply remove(String node, String image, String force) {
        if (force != null && !force.equals("true") && !force.equals("false")) {
            return invalid(null, "query parameter 'force' must be true or false, not '" + force + "'");
        }
        if (!Images.looksLikeImageId(image)) {
            try {
                Images.normalize(image);
            } catch (InvalidImageReferenceException e) {
                return invalid(image, e.getMessage());
            }
        }
        if (!"true".equals(force)) {
            List<String> users = users(node, image);
            if (!users.isEmpty()) {
                return new Reply(409, new AgentError(image, "image " + image + " is in use by running container"
                        + (users.size() == 1 ? " " : "s ") + String.join(", ", users)
                        + "; stop them first, or remove it anyway with ?force=true", "FAILED_PRECONDITION"));
            }
        }
        images.update(node, store -> store.remove(image));
        return new Reply(200, new RemoveResult(image));
    }

    /** {@link AgentPaths#CLEANUP}, decided as the agent decides ({@link CleanupRules}); the sandbox's agents have no own image. */
    private Reply cleanup(HttpExchange exchange, String node) {
        CleanupRequest request;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                return invalid(null, "request body is larger than " + MAX_BODY + " bytes");
            }
            request = json.readValue(body, CleanupRequest.class);
        } catch (JsonProcessingException e) {
            return invalid(null, "request body is not a cleanup request: " + e.getOriginalMessage());
        } catch (IOException e) {
            return invalid(null, "cannot read the request body: " + e.getMessage());
        }
        if (request == null) {
            return invalid(null, "request body must be a JSON object");
        }
        CleanupRules rules;
        try {
            rules = CleanupRules.of(request.images(), request.keep(), request.unusedFor());
        } catch (CleanupRuleException e) {
            return invalid(null, e.getMessage());
        }
        if (runtimeDown.contains(node)) {
            return runtimeUnavailable(null);
        }
        sleep(pullDelay);
        List<RunningContainers.Running> containers = containersOn.apply(node);
        // Decided and removed under one lock, with one node status write, as one runtime call sequence would be.
        Function<NodeImageStore, CleanupResult> clean = store -> {
            Map<String, List<String>> users = new java.util.HashMap<>();
            for (RunningContainers.Running container : containers) {
                AgentImage used = findQuietly(store, container.image());
                if (used != null) {
                    users.computeIfAbsent(used.id(), id -> new java.util.ArrayList<>()).add(container.name());
                }
            }
            CleanupRules.Decision decision = rules.decide(store.list(), Set.of(), users, null);
            List<CleanupResult.CleanedImage> removed = new java.util.ArrayList<>();
            long bytes = 0;
            for (AgentImage image : decision.remove()) {
                if (!request.dryRun()) {
                    store.remove(image.id());
                }
                removed.add(new CleanupResult.CleanedImage(image.id(), CleanupRules.names(image), image.size()));
                bytes += image.size();
            }
            return new CleanupResult(request.dryRun(), removed, bytes, decision.skipped(), List.of());
        };
        return new Reply(200, request.dryRun() ? images.read(node, clean) : images.update(node, clean));
    }

    /** The running containers of the node whose image is the one {@code image} names. */
    private List<String> users(String node, String image) {
        AgentImage target = images.read(node, store -> store.find(image));
        if (target == null) {
            return List.of();
        }
        return runningOn.apply(node).stream()
                .filter(c -> target.equals(images.read(node, store -> findQuietly(store, c.image()))))
                .map(RunningContainers.Running::name)
                .toList();
    }

    private static AgentImage findQuietly(NodeImageStore store, String reference) {
        try {
            return store.find(reference);
        } catch (InvalidImageReferenceException e) {
            return null;
        }
    }

    private Reply imageStatus(String node, String image) {
        if (image == null || image.isBlank()) {
            return invalid(null, "query parameter 'image' is required");
        }
        if (runtimeDown.contains(node)) {
            return runtimeUnavailable(image);
        }
        String shown = image;
        if (!Images.looksLikeImageId(image)) {
            try {
                shown = Images.normalize(image).toString();
            } catch (InvalidImageReferenceException e) {
                return invalid(image, e.getMessage());
            }
        }
        AgentImage found = images.read(node, store -> store.find(image));
        if (found == null) {
            return notFound(image, "image \"" + shown + "\" not found");
        }
        return new Reply(200, found);
    }

    private static Optional<Reply> expect(String method, String allowed) {
        if (method.equalsIgnoreCase(allowed)) {
            return Optional.empty();
        }
        return Optional.of(new Reply(405, new AgentError(null,
                "method " + method + " is not allowed here; use " + allowed, "INVALID_ARGUMENT")));
    }

    private static Reply invalid(String image, String message) {
        return new Reply(400, new AgentError(image, message, "INVALID_ARGUMENT"));
    }

    private static Reply notFound(String image, String message) {
        return new Reply(404, new AgentError(image, message, "NOT_FOUND"));
    }

    private static Reply runtimeUnavailable(String image) {
        return new Reply(503, new AgentError(image, "connection error: desc = \"transport: Error while dialing: "
                + "dial unix /run/containerd/containerd.sock: connect: no such file or directory\"", "UNAVAILABLE"));
    }

    private static String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
