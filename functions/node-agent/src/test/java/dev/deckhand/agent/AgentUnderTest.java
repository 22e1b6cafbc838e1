package dev.deckhand.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.agent.http.AgentServer;
import dev.deckhand.agent.runtime.CriImageRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The agent's server and CRI runtime, as {@link Application} wires them, on a free port, plus a raw HTTP client. */
public final class AgentUnderTest implements AutoCloseable {

    /** The caller token the agent is started with; every request below sends it unless told otherwise. */
    public static final String TOKEN = "test-agent-token-0123456789abcdef0123456789";

    private final CriImageRuntime runtime;
    private final AgentServer server;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AgentUnderTest(CriImageRuntime runtime, AgentServer server) {
        this.runtime = runtime;
        this.server = server;
    }

    public static AgentUnderTest start(String runtimeEndpoint) {
        return start(runtimeEndpoint, tokenFile(TOKEN));
    }

    /** Fails as {@link AgentServer#start} does when the token file is unusable. */
    public static AgentUnderTest start(String runtimeEndpoint, Path tokenFile) {
        return start(runtimeEndpoint, tokenFile, Map.of());
    }

    /** With more environment variables, e.g. {@code DECKHAND_AGENT_IMAGE}. */
    public static AgentUnderTest start(String runtimeEndpoint, Path tokenFile, Map<String, String> moreEnvironment) {
        Map<String, String> environment = new java.util.HashMap<>(moreEnvironment);
        environment.putAll(Map.of(
                "DECKHAND_AGENT_RUNTIME_ENDPOINT", runtimeEndpoint,
                "DECKHAND_AGENT_TOKEN_FILE", tokenFile.toString(),
                "PORT", "0"));
        AgentConfig config = AgentConfig.fromEnvironment(environment);
        CriImageRuntime runtime = new CriImageRuntime(config);
        try {
            return new AgentUnderTest(runtime, AgentServer.start(config, runtime));
        } catch (IOException e) {
            runtime.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
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
    public static Path tokenFile(String token) {
        try {
            Path file = Files.createTempFile("agent-token", "");
            file.toFile().deleteOnExit();
            Files.writeString(file, token + "\n");
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
        return URI.create("http://127.0.0.1:" + server.port() + path);
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
        server.close();
        runtime.close();
    }

    public record Response(int status, String body, String contentType) {
    }
}
