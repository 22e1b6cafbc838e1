package dev.deckhand.agent;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The agent's Micronaut app on a random port, pointed at a runtime endpoint, plus a raw HTTP client. */
public final class AgentUnderTest implements AutoCloseable {

    private final EmbeddedServer server;
    private final JsonMapper json;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The caller token the agent is started with; every request below sends it unless told otherwise. */
    public static final String TOKEN = "test-agent-token-0123456789abcdef0123456789";

    private AgentUnderTest(EmbeddedServer server) {
        this.server = server;
        this.json = server.getApplicationContext().getBean(JsonMapper.class);
    }

    public static AgentUnderTest start(String runtimeEndpoint) {
        return start(Map.of("deckhand.agent.runtime-endpoint", runtimeEndpoint));
    }

    public static AgentUnderTest start(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("micronaut.server.port", -1);
        all.putIfAbsent("deckhand.agent.token-file", tokenFile(TOKEN).toString());
        return new AgentUnderTest(ApplicationContext.run(EmbeddedServer.class, all));
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A GET with the given {@code Authorization} header value, or none when null. */
    public Response getAs(String authorization, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return exchange(builder);
    }

    /** A temporary file holding {@code token}, deleted when the JVM exits. */
    public static java.nio.file.Path tokenFile(String token) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("agent-token", "");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, token + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response status(String image) {
        return get("/images/status?image=" + URLEncoder.encode(image, StandardCharsets.UTF_8));
    }

    public Response postJson(String path, String body) {
        return post(path, "application/json", body);
    }

    public Response post(String path, String contentType, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** {@code {"image": "<reference>"}}, written by the JSON mapper so any reference is sent verbatim. */
    public String imageBody(String reference) {
        try {
            return json.writeValueAsString(Map.of("image", reference));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> T read(Response response, Class<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + " from " + response, e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    private Response send(HttpRequest.Builder builder) {
        return exchange(builder.header("Authorization", "Bearer " + TOKEN));
    }

    private Response exchange(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }

    public record Response(int status, String body, String contentType) {
    }
}
