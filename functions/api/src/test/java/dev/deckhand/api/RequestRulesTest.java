package dev.deckhand.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.deckhand.auth.TestTokens;
import dev.deckhand.lambda.HttpApiHandler;
import dev.deckhand.lambda.RestApiHandler;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one strict JSON reader and the HTTP server's own rules, on every route that takes a body, over HTTP and
 * through both Lambda payloads: duplicate keys, trailing content, unknown fields and bad UTF-8 are a 400, a charset
 * other than UTF-8 a 415, a body falsely labelled gzip a 400; methods are case-sensitive, static files answer GET and
 * HEAD only, and a connection trickling its headers is dropped.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestRulesTest implements TestPropertyProvider {

    private static final String ADMIN = TestTokens.admin();

    /** Every route with a JSON body, and a body it accepts (or refuses only for what is not in it, such as a node). */
    private static final Map<String, String> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put("POST /list", "{\"node_name\":\"node-1\"}");
        ROUTES.put("POST /pull", "{\"node_name\":\"node-9\",\"image\":\"busybox:1.36\"}");
        ROUTES.put("POST /delete", "{\"node_name\":\"node-9\",\"image\":\"busybox:1.36\"}");
        ROUTES.put("POST /api/v1/tasks", "{\"images\":[\"busybox:1.36\"],\"batchSize\":2}");
        ROUTES.put("POST /pods", "{\"tenant\":\"tenant-a\",\"cmd\":\"ls\",\"vols\":[]}");
        ROUTES.put("POST /services", "{\"image\":\"nginx:1.27\"}");
        ROUTES.put("PUT /kubernetes/services/web/document",
                "{\"name\":\"Web\",\"deployment\":\"containers:\\n  - name: web\\n    image: nginx:1.27\\n\"}");
    }

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    ApplicationContext context;
    @Inject
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.server.header-timeout", "2s");
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    record Answer(int status, String contentType, String body) {
    }

    @Test
    void duplicateKeysTrailingContentAndUnknownFieldsAreRefusedOnEveryRoute() {
        ROUTES.forEach((route, good) -> {
            String inner = good.substring(1, good.length() - 1);
            Map<String, String> bad = new LinkedHashMap<>();
            bad.put("duplicate keys", "{" + inner + "," + inner + "}");
            bad.put("trailing text", good + "xyz");
            bad.put("two objects", good + good);
            bad.put("unknown field", "{" + inner + ",\"batchsize\":2}");
            bad.put("unknown field namespace", "{" + inner + ",\"namespace\":\"kube-system\"}");
            bad.put("unknown field status", "{" + inner + ",\"status\":\"completed\"}");
            bad.put("a field name with a control character", "{" + inner + ",\"a\\u0000\":1}");
            bad.put("a value with a bidi override", "{" + inner + ",\"x\":\"\\u202e\"}");
            bad.forEach((what, body) -> {
                for (String transport : List.of("http", "rest", "http-api")) {
                    Answer answer = send(transport, route, "application/json", body.getBytes(StandardCharsets.UTF_8), null);
                    assertEquals(400, answer.status(), transport + " " + route + " " + what + " " + body + ": " + answer);
                    assertTrue(answer.contentType().startsWith("application/json"), answer.toString());
                }
            });
        });
    }

    @Test
    void pathsAndQueryValuesAreHeldToTheTextRule() {
        for (String route : List.of("GET /services/name/evil%E2%80%AEgnp.exe", "GET /services/latest/nginx%0A:1.27",
                "GET /kubernetes/services/web%00", "GET /services/%C2%85x")) {
            for (String transport : List.of("http", "rest", "http-api")) {
                String path = route.substring(route.indexOf(' ') + 1);
                String sent = transport.equals("rest") ? "GET " + java.net.URLDecoder.decode(path, StandardCharsets.UTF_8) : route;
                Answer answer = send(transport, sent, null, null, null);
                assertEquals(400, answer.status(), transport + " " + route + ": " + answer);
                assertTrue(answer.body().contains("the request path contains U+"), transport + " " + route + ": " + answer);
            }
        }
        Answer query = send("http", "GET /pods?tenant=tenant-a&name=job%E2%80%8F%E2%81%A6x", null, null, null);
        assertEquals(400, query.status(), query.toString());
        assertTrue(query.body().contains("query parameter name contains U+2066 (a bidirectional control)"), query.toString());
        Answer key = send("http", "GET /api/v1/tasks?st%1Batus=running", null, null, null);
        assertEquals(400, key.status(), key.toString());
        assertTrue(key.body().contains("a query parameter's name contains U+001B"), key.toString());
        assertEquals(404, send("http", "GET /services/name/caf%C3%A9", null, null, null).status(),
                "other characters beyond ASCII are names like any other: looked up, not found");
    }

    @Test
    void theReaderNamesWhatIsWrong() {
        assertEquals(400, send("http", "POST /list", "application/json", "{\"node_name\":\"node-1\",\"node_name\":\"node-2\"}"
                .getBytes(StandardCharsets.UTF_8), null).status());
        assertTrue(send("http", "POST /list", "application/json", "{\"node_name\":\"node-1\",\"node_name\":\"node-2\"}"
                .getBytes(StandardCharsets.UTF_8), null).body().contains("Duplicate field 'node_name'"));
        assertTrue(send("http", "POST /list", "application/json", "{\"node_name\":\"node-1\"}xyz".getBytes(StandardCharsets.UTF_8),
                null).body().contains("Invalid JSON"));
        assertTrue(send("http", "POST /api/v1/tasks", "application/json", "{\"images\":[\"busybox\"],\"batchsize\":2}"
                .getBytes(StandardCharsets.UTF_8), null).body().contains("batchsize: unknown field"));
    }

    @Test
    void invalidAndOverlongUtf8IsRefusedNeverReadLeniently() {
        List<byte[]> bodies = List.of(
                bytes("{\"node_name\":\"a", 0xc0, 0xaf, "b\"}"),
                bytes("{\"node_name\":\"a", 0xe0, 0x80, 0xaf, "b\"}"),
                bytes("{\"node_name\":\"a", 0xff, "b\"}"),
                bytes("{\"node_name\":\"a", 0xed, 0xa0, 0x80, "b\"}"),
                bytes("{\"node_name\":\"node-1", 0xc3, "\"}"));
        for (String route : ROUTES.keySet()) {
            for (byte[] body : bodies) {
                for (String transport : List.of("http", "rest", "http-api")) {
                    Answer answer = send(transport, route, "application/json", body, null);
                    assertEquals(400, answer.status(), transport + " " + route + ": " + answer);
                }
            }
        }
        assertTrue(send("http", "POST /list", "application/json", bodies.get(0), null).body().contains("not valid UTF-8"));
    }

    @Test
    void aCharsetOtherThanUtf8Is415AndUtf8IsFine() {
        for (String route : ROUTES.keySet()) {
            for (String charset : List.of("ISO-8859-1", "utf-16", "latin1", "x-bogus")) {
                for (String transport : List.of("http", "rest", "http-api")) {
                    Answer answer = send(transport, route, "application/json; charset=" + charset,
                            ROUTES.get(route).getBytes(StandardCharsets.UTF_8), null);
                    assertEquals(415, answer.status(), transport + " " + route + " " + charset + ": " + answer);
                    assertTrue(answer.body().contains("UTF-8"), answer.toString());
                }
            }
        }
        Answer utf8 = send("http", "POST /list", "application/json; charset=UTF-8", ROUTES.get("POST /list").getBytes(StandardCharsets.UTF_8), null);
        assertEquals(200, utf8.status(), utf8.toString());
    }

    @Test
    void aBodyLabelledGzipThatIsNotGzipIs400AndRealGzipIsRead() throws IOException {
        for (String route : ROUTES.keySet()) {
            for (String transport : List.of("http", "rest", "http-api")) {
                for (String encoding : List.of("gzip", "deflate")) {
                    Answer answer = send(transport, route, "application/json", ROUTES.get(route).getBytes(StandardCharsets.UTF_8), encoding);
                    assertEquals(400, answer.status(), transport + " " + route + " " + encoding + ": " + answer);
                    assertTrue(answer.contentType().startsWith("application/json"), answer.toString());
                }
            }
        }
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(ROUTES.get("POST /list").getBytes(StandardCharsets.UTF_8));
        }
        Answer real = send("http", "POST /list", "application/json", zipped.toByteArray(), "gzip");
        assertEquals(200, real.status(), real.toString());
    }

    @Test
    void methodsAreCaseSensitive() {
        for (String method : List.of("get", "Get", "gEt")) {
            Answer answer = send("http", method + " /api/v1/tasks", null, null, null);
            assertEquals(405, answer.status(), method + ": " + answer);
            assertTrue(answer.body().contains("case-sensitive"), answer.toString());
        }
        for (String method : List.of("post", "Post")) {
            Answer answer = send("http", method + " /list", "application/json", ROUTES.get("POST /list").getBytes(StandardCharsets.UTF_8), null);
            assertEquals(405, answer.status(), method + ": " + answer);
        }
        assertEquals(200, send("http", "GET /api/v1/tasks", null, null, null).status());
    }

    @Test
    void staticFilesAnswerGetAndHeadOnly() {
        for (String path : List.of("/console/", "/console/index.html", "/swagger-ui/", "/swagger-ui/index.html", "/swagger/x.yml")) {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO", "BREW")) {
                for (String transport : List.of("http", "rest", "http-api")) {
                    Answer answer = send(transport, method + " " + path, "application/json", "{}".getBytes(StandardCharsets.UTF_8), null);
                    assertEquals(405, answer.status(), transport + " " + method + " " + path + ": " + answer);
                    assertTrue(answer.contentType().startsWith("application/json"), answer.toString());
                }
            }
        }
        assertEquals(200, send("http", "GET /console/index.html", null, null, null).status());
        assertEquals(200, send("http", "HEAD /console/index.html", null, null, null).status());
    }

    @Test
    void aConnectionTricklingItsHeadersIsDroppedAfterTheHeaderTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            boolean closed = false;
            // A header line every 500 ms keeps every idle timeout from firing; only the header deadline (2 s here) ends it.
            for (int i = 0; i < 16 && !closed; i++) {
                Thread.sleep(500);
                try {
                    out.write(("X-Trickle-" + i + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    socket.setSoTimeout(1);
                    closed = in.read() == -1;
                } catch (java.net.SocketTimeoutException e) {
                    closed = false;
                } catch (IOException e) {
                    closed = true;
                }
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(closed, "the server still holds the connection after " + seconds + " s");
            assertTrue(seconds < 6, "dropped only after " + seconds + " s");
        }
        // A prompt client on a fresh connection is answered as ever.
        assertEquals(200, send("http", "GET /healthz", null, null, null).status());
    }

    @Test
    void aKeptAliveConnectionMayWaitLongerThanTheHeaderTimeoutForItsNextRequest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(request);
            out.flush();
            assertTrue(readAnswer(in).startsWith("HTTP/1.1 200"));
            // Longer than the header timeout (2 s here), shorter than the idle timeouts: as a load balancer's pool does.
            Thread.sleep(3_000);
            out.write(request);
            out.flush();
            assertTrue(readAnswer(in).startsWith("HTTP/1.1 200"), "the connection was closed between requests");
        }
    }

    /** The head and body of one answer on a raw connection (with Content-Length). */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.US_ASCII);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(text);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return text;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** {@code route} is "METHOD /path"; transport http (the server), rest (REST API payload 1.0) or http-api (2.0). */
    private Answer send(String transport, String route, String contentType, byte[] body, String contentEncoding) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + (path.startsWith("/pods") ? TestTokens.tenant("tenant-a")
                : path.startsWith("/kubernetes") ? TestTokens.deployer() : ADMIN));
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            headers.put("Content-Encoding", contentEncoding);
        }
        return switch (transport) {
            case "http" -> overHttp(method, path, headers, body);
            case "rest" -> {
                APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                        .withHttpMethod(method).withPath(path).withHeaders(headers)
                        .withMultiValueHeaders(multi(headers))
                        .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                                .withHttpMethod(method).withPath(path).withStage("prod"))
                        .withIsBase64Encoded(body != null)
                        .withBody(body == null ? null : Base64.getEncoder().encodeToString(body));
                APIGatewayProxyResponseEvent response = new RestApiHandler(context).handleRequest(event, new MockLambdaContext());
                yield new Answer(response.getStatusCode(), header(response.getHeaders(), response.getMultiValueHeaders()),
                        decode(response.getBody(), response.getIsBase64Encoded()));
            }
            case "http-api" -> {
                APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                        .withRawPath(path).withRouteKey("$default").withVersion("2.0").withHeaders(lower(headers))
                        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                                .withStage("$default").build())
                        .withIsBase64Encoded(body != null)
                        .withBody(body == null ? null : Base64.getEncoder().encodeToString(body))
                        .build();
                APIGatewayV2HTTPResponse response = new HttpApiHandler(context).handleRequest(event, new MockLambdaContext());
                yield new Answer(response.getStatusCode(), header(response.getHeaders(), response.getMultiValueHeaders()),
                        decode(response.getBody(), response.getIsBase64Encoded()));
            }
            default -> throw new IllegalArgumentException(transport);
        };
    }

    private Answer overHttp(String method, String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path));
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> multi(Map<String, String> headers) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((k, v) -> multi.put(k, List.of(v)));
        return multi;
    }

    private static Map<String, String> lower(Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return lower;
    }

    private static String header(Map<String, String> headers, Map<String, List<String>> multi) {
        if (multi != null) {
            for (Map.Entry<String, List<String>> e : multi.entrySet()) {
                if (e.getKey().equalsIgnoreCase("Content-Type") && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
        }
        if (headers != null) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase("Content-Type")) {
                    return e.getValue();
                }
            }
        }
        return "";
    }

    private static String decode(String body, boolean base64) {
        if (body == null) {
            return "";
        }
        return base64 ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }
}
