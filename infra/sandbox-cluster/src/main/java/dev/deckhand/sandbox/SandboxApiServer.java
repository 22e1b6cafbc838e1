package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded API server: fabric8's {@link KubernetesMockServer} in CRUD mode on 127.0.0.1, plain HTTP, with
 * a name-indexed CRUD dispatcher and request accounting.
 */
final class SandboxApiServer implements AutoCloseable {

    /** Header the sandbox's own client puts on its requests, so request accounting can leave them out. */
    static final String INTERNAL_HEADER = "X-Deckhand-Sandbox-Internal";

    // JUL keeps loggers weakly: hold them so the levels set here stick. The mock logs every request at INFO.
    private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer web = new MockWebServer();
    private final IndexedCrudDispatcher crud = new IndexedCrudDispatcher();
    private final Discovery discovery = new Discovery();
    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private final MockDispatcher expectationDispatcher = new MockDispatcher(expectations);
    private final KubernetesMockServer server;
    private volatile boolean started;

    private final ConcurrentHashMap<String, Queue<Integer>> injectedFailures = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> byVerb = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> fromWatchCache = new ConcurrentHashMap<>();

    SandboxApiServer() {
        MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
        web.setHttp2ClearTextEnabled(false);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), web, expectations,
                new Dispatcher() {
                    @Override
                    public MockResponse dispatch(RecordedRequest request) {
                        return SandboxApiServer.this.dispatch(request);
                    }

                    @Override
                    public void shutdown() {
                        crud.shutdown();
                        expectationDispatcher.shutdown();
                    }
                }, false,
                new VersionInfo.Builder().withMajor("1").withMinor("30").withGitVersion("v1.30.4")
                        .withGitCommit("sandbox").withGitTreeState("clean").withGoVersion("go1.22.5")
                        .withCompiler("gc").withPlatform("linux/amd64").build());
    }

    /**
     * Serves a request. The mock sends its JSON without a Content-Type, which kubectl, having asked for protobuf
     * first, then tries to read as protobuf: every JSON answer says what it is, as a real API server's do.
     */
    private MockResponse dispatch(RecordedRequest request) {
        MockResponse response = serve(request);
        if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    private MockResponse serve(RecordedRequest request) {
        // The mock queues every request it records for takeRequest() and never drops them: drain one per
        // request so a long-running sandbox does not grow without bound.
        try {
            web.takeRequest(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean fromClient = request.getHeader(INTERNAL_HEADER) == null;
        if (fromClient) {
            count(request);
            MockResponse injected = injectedFailure(request);
            if (injected != null) {
                return injected;
            }
            if (ProtobufBodies.isProtobuf(request.getHeader("Content-Type")) && request.getBody() != null) {
                try {
                    Optional<String> json = ProtobufBodies.toJson(request.getBody().getBytes());
                    if (json.isEmpty()) {
                        return status(415, "UnsupportedMediaType",
                                "the sandbox reads protobuf only for built-in kinds it knows: send this object as JSON");
                    }
                    request = withJsonBody(request, request.method(), json.get());
                } catch (InvalidProtocolBufferException e) {
                    return status(400, "BadRequest", "the protobuf body could not be read: " + e.getMessage());
                } catch (LinkageError e) {
                    // A classpath with a protobuf 3 runtime (a test of another module) cannot read them.
                    return status(415, "UnsupportedMediaType", "this sandbox cannot read protobuf: send JSON");
                }
            }
            if (request.method() == HttpMethod.PATCH && request.getBody() != null
                    && String.valueOf(request.getHeader("Content-Type")).startsWith(StrategicMergePatch.CONTENT_TYPE)) {
                MockResponse current = crud.handleGet(request.getPath().split("\\?", 2)[0]);
                if (current.code() != HttpURLConnection.HTTP_OK) {
                    return current;
                }
                try {
                    JsonNode merged = StrategicMergePatch.apply(JSON.readTree(current.getBody().readUtf8()),
                            JSON.readTree(request.getBody().getBytes()));
                    request = withJsonBody(request, HttpMethod.PUT, merged.toString());
                } catch (IOException e) {
                    return status(400, "BadRequest", "the patch is not JSON: " + e.getMessage());
                }
            }
            request = ClientRequestDefaults.apply(request);
            if (request.method() == HttpMethod.POST && createsClaim(request.getPath())) {
                request = ClaimAdmission.onCreate(request, StorageClasses.stored(crud));
            }
        }
        Queue<ServerResponse> queued = expectations.get(new SimpleRequest(request.method(), request.getPath()));
        if (queued != null && !queued.isEmpty()) {
            return expectationDispatcher.dispatch(request);
        }
        String pathOnly = request.getPath().split("\\?", 2)[0];
        if (Discovery.matches(request.method().name(), pathOnly)) {
            return discovery.respond(pathOnly);
        }
        if (PodLogs.matches(request.method().name(), request.getPath())) {
            return PodLogs.respond(request.getPath(), this::storedPod);
        }
        return crud.dispatch(request, fromClient);
    }

    private static RecordedRequest withJsonBody(RecordedRequest request, HttpMethod method, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new RecordedRequest(request.getHttpVersion(), method, request.getPath(),
                request.getHeaders().newBuilder().set("Content-Type", "application/json")
                        .set("Content-Length", String.valueOf(bytes.length)).build(),
                new Buffer(bytes));
    }

    private static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).addHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(Map.of("kind", "Status", "apiVersion", "v1", "metadata", Map.of(),
                        "status", "Failure", "message", message, "reason", reason, "code", code)));
    }

    private static boolean createsClaim(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        ApiPath parsed = ApiPath.parse(q >= 0 ? pathAndQuery.substring(0, q) : pathAndQuery);
        return parsed != null && !parsed.named() && ClaimAdmission.RESOURCE.equals(parsed.resource());
    }

    private String storedPod(String namespace, String name) {
        Map<String, String> pods = crud.stored("pods");
        if (pods != null) {
            return pods.get(namespace + "/" + name);
        }
        MockResponse found = crud.handleGet("/api/v1/namespaces/" + namespace + "/pods/" + name);
        return found.code() == HttpURLConnection.HTTP_OK ? found.getBody().readUtf8() : null;
    }

    /** The next client request {@code METHOD path} (no query) answers {@code status} instead of being served. */
    void failNext(String method, String path, int status) {
        injectedFailures.computeIfAbsent(method + " " + path, k -> new java.util.concurrent.ConcurrentLinkedQueue<>()).add(status);
    }

    void clearFailures() {
        injectedFailures.clear();
    }

    private MockResponse injectedFailure(RecordedRequest request) {
        String path = request.getPath();
        int q = path.indexOf('?');
        Queue<Integer> queue = injectedFailures.get(request.method().name() + " " + (q >= 0 ? path.substring(0, q) : path));
        Integer status = queue == null ? null : queue.poll();
        if (status == null) {
            return null;
        }
        String reason = status == 409 ? "Conflict" : status == 500 ? "InternalError" : "Injected";
        String message = status == 409
                ? "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again"
                : "injected by the sandbox";
        return new MockResponse().setResponseCode(status).addHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(Map.of("kind", "Status", "apiVersion", "v1", "metadata", Map.of(),
                        "status", "Failure", "message", message, "reason", reason, "code", status)));
    }

    private void count(RecordedRequest request) {
        total.increment();
        HttpMethod method = request.method();
        if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                || method == HttpMethod.DELETE) {
            writes.increment();
        }
        String verbAndResource = verbAndResource(method.name(), request.getPath());
        byVerb.computeIfAbsent(verbAndResource, k -> new LongAdder()).increment();
        if (verbAndResource.startsWith("list ") && asksWatchCache(request.getPath())) {
            fromWatchCache.computeIfAbsent(verbAndResource, k -> new LongAdder()).increment();
        }
    }

    /** Whether a request asks for {@code resourceVersion=0}, which a real API server serves from its watch cache. */
    static boolean asksWatchCache(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String parameter : pathAndQuery.substring(q + 1).split("&")) {
            if (parameter.equals("resourceVersion=0")) {
                return true;
            }
        }
        return false;
    }

    /** Kubernetes verb and resource of a request, e.g. {@code "list nodes"} or {@code "patch nodes/status"}. */
    static String verbAndResource(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q >= 0 ? pathAndQuery.substring(0, q) : pathAndQuery;
        String query = q >= 0 ? pathAndQuery.substring(q + 1) : "";
        ApiPath parsed = ApiPath.parse(path);
        if (parsed == null) {
            return method.toLowerCase() + " " + path;
        }
        String verb = switch (method) {
            case "GET" -> query.contains("watch=true") || query.contains("watch=1") ? "watch"
                    : parsed.named() ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> parsed.named() ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        return verb + " " + parsed.resource() + (parsed.subresource() == null ? "" : "/" + parsed.subresource());
    }

    /**
     * A resource path of the Kubernetes API.
     *
     * @param resource    plural, with {@code .group} for named groups, e.g. {@code pods}, {@code deployments.apps}
     * @param named       whether the path names one object
     * @param subresource e.g. {@code status}, or null
     */
    record ApiPath(String resource, boolean named, String subresource) {

        /** Parses a path without query; null when it is not a resource path. */
        static ApiPath parse(String path) {
            String[] s = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
            int i;
            String group;
            if (s.length >= 2 && s[0].equals("api")) {
                group = "";
                i = 2;
            } else if (s.length >= 3 && s[0].equals("apis")) {
                group = s[1];
                i = 3;
            } else {
                return null;
            }
            if (s.length - i >= 3 && s[i].equals("namespaces")) {
                i += 2;
            }
            if (s.length <= i || s[i].isEmpty()) {
                return null;
            }
            return new ApiPath(s[i] + (group.isEmpty() ? "" : "." + group), s.length > i + 1,
                    s.length > i + 2 ? s[i + 2] : null);
        }
    }

    /**
     * Stores objects directly, as creates would (uid, creationTimestamp, resourceVersion, generation), without
     * HTTP round trips: seeding 5,000 nodes through the client takes about 9 s, this about 1 s. Serialization
     * runs in parallel, storing in order. Only before {@link #start(int)}: the mock's own lock is not reachable
     * from here.
     */
    void preload(String collectionPath, List<? extends HasMetadata> objects) {
        if (started) {
            throw new IllegalStateException("preload only before start");
        }
        String created = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
        record Prepared(GenericKubernetesResource resource, String json) {
        }
        List<Prepared> prepared = objects.parallelStream().map(object -> {
            GenericKubernetesResource resource = Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
            ObjectMeta meta = resource.getMetadata();
            meta.setUid(UUID.randomUUID().toString());
            meta.setCreationTimestamp(created);
            meta.setResourceVersion(String.valueOf(crud.requestResourceVersion()));
            meta.setGeneration(1L);
            return new Prepared(resource, Serialization.asJson(resource));
        }).toList();
        AttributeSet collection = crud.getKey(collectionPath);
        for (Prepared p : prepared) {
            AttributeSet attributes = collection.add(
                    new Attribute(KubernetesAttributesExtractor.NAME, p.resource().getMetadata().getName()));
            crud.processEvent(collectionPath, attributes, null, p.resource(), p.json());
        }
    }

    void start(int port) {
        started = true;
        try {
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return server.getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** A fabric8 client whose requests are not counted in {@link #stats()}. */
    KubernetesClient newInternalClient() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withHttp2Disable(true)
                .withNamespace("default")
                .withRequestTimeout(30_000)
                .withConnectionTimeout(10_000)
                .withCustomHeaders(Map.of(INTERNAL_HEADER, "true"))
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    IndexedCrudDispatcher crud() {
        return crud;
    }

    RequestStats stats() {
        Map<String, Long> counts = new HashMap<>();
        byVerb.forEach((k, v) -> counts.put(k, v.sum()));
        Map<String, Long> cached = new HashMap<>();
        fromWatchCache.forEach((k, v) -> cached.put(k, v.sum()));
        return new RequestStats(total.sum(), writes.sum(), counts, cached);
    }

    void resetStats() {
        total.reset();
        writes.reset();
        byVerb.clear();
        fromWatchCache.clear();
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (RuntimeException e) {
            // The mock waits at most 10 s for its event loop; a stuck watch of some client can make it give up.
            LoggerFactory.getLogger(SandboxApiServer.class).warn("stopping the sandbox API server: {}", e.toString());
        }
    }
}
