package dev.deckhand.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deckhand.agent.AgentConfig;
import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.api.AgentToken;
import dev.deckhand.agent.api.InvalidImageReferenceException;
import dev.deckhand.agent.runtime.ImageRuntime;
import dev.deckhand.agent.runtime.ImageRuntimeException;
import dev.deckhand.agent.runtime.RuntimeCodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's HTTP API ({@link AgentPaths}) on the JDK's own HTTP server. Every route but the probes needs the caller
 * token of {@link AgentConfig#tokenFile()}; every error is answered with an {@link AgentError} body, never a stack
 * trace.
 */
public final class AgentServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AgentServer.class.getName());
    /** A request is one image reference (at most 4096 characters): anything near this is not one. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * Requests served at once; beyond that the accepting thread serves the next one itself, which holds back further
     * accepts. Threads are made only when every one is busy and end after a while idle, so an idle agent holds none.
     */
    private static final int THREADS = 8;

    private record Route(String method, Function<Request, Reply> handler) {
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final AgentToken token;
    private final JsonBodies json = new JsonBodies();
    private final Map<String, Route> routes = new HashMap<>();

    private AgentServer(HttpServer server, AgentToken token, ImageRuntime runtime, String ownImage) {
        this.server = server;
        this.token = token;
        ImageRoutes images = new ImageRoutes(runtime, json);
        routes.put(AgentPaths.HEALTHZ, new Route("GET", images::healthz));
        routes.put(AgentPaths.READYZ, new Route("GET", images::readyz));
        routes.put(AgentPaths.IMAGES, new Route("GET", images::list));
        routes.put(AgentPaths.IMAGE_STATUS, new Route("GET", images::status));
        routes.put(AgentPaths.PULL, new Route("POST", images::pull));
        routes.put(AgentPaths.REMOVE, new Route("POST", images::remove));
        routes.put(AgentPaths.FS, new Route("GET", images::fs));
        routes.put(AgentPaths.CLEANUP, new Route("POST", new CleanupRoutes(runtime, json, ownImage)::cleanup));
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> new Thread(r, "agent-http-" + threads.incrementAndGet()), new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /**
     * Binds the port of {@code config} on every address and serves. Fails when the caller token cannot be read or
     * is too short: an agent that would refuse every call, or serve anyone, must not start.
     */
    public static AgentServer start(AgentConfig config, ImageRuntime runtime) throws IOException {
        AgentToken token = AgentToken.fromFile(Path.of(config.tokenFile()));
        AgentServer agent = new AgentServer(HttpServer.create(new InetSocketAddress(config.port()), 128), token, runtime,
                config.ownImage());
        agent.server.start();
        return agent;
    }

    /** The port it listens on (the chosen one when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            reply = route(exchange);
        } catch (AgentHttpException e) {
            reply = new Reply(e.status(), e.body());
        } catch (InvalidImageReferenceException e) {
            reply = new Reply(400, new AgentError(e.reference(), e.getMessage(), RuntimeCodes.INVALID_ARGUMENT));
        } catch (ImageRuntimeException e) {
            LOG.info(() -> exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + ": runtime answered "
                    + e.code() + " (" + e.getMessage() + ")");
            reply = new Reply(StatusMapping.httpStatus(e.code()), new AgentError(e.image(), e.getMessage(), e.code()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " failed", e);
            reply = new Reply(500, new AgentError(null, "internal error of the node agent", RuntimeCodes.INTERNAL));
        }
        byte[] body = json.write(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (!path.equals(AgentPaths.HEALTHZ) && !path.equals(AgentPaths.READYZ)
                && !token.accepts(exchange.getRequestHeaders().getFirst(AgentToken.HEADER))) {
            LOG.warning(() -> method + " " + path + " from " + exchange.getRemoteAddress() + ": refused, no valid caller token");
            return new Reply(401, new AgentError(null, "this agent answers Deckhand only: send Authorization: Bearer with"
                    + " the agent token", RuntimeCodes.UNAUTHENTICATED));
        }
        Route route = routes.get(path);
        if (route == null) {
            throw new AgentHttpException(404, RuntimeCodes.NOT_FOUND, null, "no route " + path);
        }
        if (!route.method().equals(method)) {
            throw new AgentHttpException(405, RuntimeCodes.INVALID_ARGUMENT, null,
                    "method " + method + " not allowed on " + path + "; use " + route.method());
        }
        byte[] body = new byte[0];
        if (method.equals("POST")) {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new AgentHttpException(415, RuntimeCodes.INVALID_ARGUMENT, null, "request body must be application/json");
            }
            body = readBody(exchange);
        }
        return route.handler().apply(new Request(query(exchange.getRequestURI().getRawQuery()), body));
    }

    /** Reads past the limit before refusing, so the refusal reaches a client that is still sending. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new AgentHttpException(413, RuntimeCodes.INVALID_ARGUMENT, null,
                    "request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw AgentHttpException.badRequest(null, "query string is not URL-encoded: " + e.getMessage());
            }
        }
        return parameters;
    }
}
