package dev.deckhand.images;

import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.AgentImageList;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.api.AgentToken;
import dev.deckhand.agent.api.CleanupRequest;
import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.agent.api.ImageRequest;
import dev.deckhand.agent.api.PullResult;
import dev.deckhand.agent.api.RemoveResult;
import dev.deckhand.agents.AgentNaming;
import dev.deckhand.agents.AgentSettings;
import dev.deckhand.http.NothingTrustedTls;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import dev.deckhand.http.PooledConnections;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Reaches a node's agent over HTTP at {@link AgentSettings#urlTemplate()}. Uses the JDK client so that
 * each call carries its own deadline (a pull may take minutes, a list should not).
 */
@Singleton
public class HttpNodeAgentClient implements NodeAgentClient, PooledConnections {

    private static final Logger LOG = LoggerFactory.getLogger(HttpNodeAgentClient.class);

    private final AgentSettings settings;
    private final ObjectMapper json;
    private volatile HttpClient http;
    private final AgentToken token;

    public HttpNodeAgentClient(AgentSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = newHttpClient(settings);
        this.token = callerToken(settings);
    }

    /**
     * Agents reached over plain HTTP (the default template) get a client without the JDK's default TLS context, which
     * the JDK's client otherwise makes with it, reading the whole trust store for connections that never use it.
     */
    private static HttpClient newHttpClient(AgentSettings settings) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (NothingTrustedTls.isPlainHttp(settings.urlTemplate())) {
            client.sslContext(NothingTrustedTls.context());
        }
        return client.build();
    }

    @Override
    public void dropConnections() {
        http = newHttpClient(settings);
    }

    /** The client calls go through now (tests). */
    HttpClient httpClient() {
        return http;
    }

    private static AgentToken callerToken(AgentSettings settings) {
        if (settings.token() != null && !settings.token().isBlank()) {
            return AgentToken.of(settings.token());
        }
        Path file = Path.of(settings.tokenFile());
        if (Files.isReadable(file)) {
            return AgentToken.fromFile(file);
        }
        LOG.warn("calls to node agents carry no token (set deckhand.agent.token or mount {}): agents deployed by Deckhand refuse them", file);
        return null;
    }

    @Override
    public List<AgentImage> listImages(String node) {
        return call(node, AgentPaths.IMAGES, null, settings.callTimeout(), AgentImageList.class).images();
    }

    @Override
    public PullResult pull(String node, String image) {
        return call(node, AgentPaths.PULL, new ImageRequest(image), settings.pullTimeout(), PullResult.class);
    }

    @Override
    public RemoveResult remove(String node, String image, boolean force) {
        return call(node, AgentPaths.REMOVE + (force ? "?" + AgentPaths.FORCE + "=true" : ""), new ImageRequest(image),
                settings.callTimeout(), RemoveResult.class);
    }

    /** Given the pull deadline: one cleanup may remove many images. */
    @Override
    public CleanupResult cleanup(String node, CleanupRequest request) {
        return call(node, AgentPaths.CLEANUP, request, settings.pullTimeout(), CleanupResult.class);
    }

    /** The agent's base URL for a node. */
    public String baseUrl(String node) {
        return settings.urlTemplate()
                .replace("{service}", AgentNaming.objectName(node))
                .replace("{namespace}", settings.namespace())
                .replace("{node}", node);
    }

    private <T> T call(String node, String path, Object body, Duration timeout, Class<T> answer) {
        String url = baseUrl(node) + path;
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Accept", "application/json");
            if (token != null) {
                request.header(AgentToken.HEADER, token.headerValue());
            }
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AgentUnreachableException(node, url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnreachableException(node, url, e);
        }
        try {
            if (response.statusCode() / 100 == 2) {
                return json.readValue(response.body(), answer);
            }
            throw new AgentCallException(response.statusCode(), errorBody(response));
        } catch (IOException e) {
            throw new AgentCallException(502, new AgentError(null,
                    "node agent of '" + node + "' answered HTTP " + response.statusCode() + " with a body that is not its contract: " + e.getMessage(),
                    "UNKNOWN"));
        }
    }

    private AgentError errorBody(HttpResponse<byte[]> response) throws IOException {
        AgentError error = json.readValue(response.body(), AgentError.class);
        if (error == null || error.error() == null) {
            throw new IOException("no error message");
        }
        return error;
    }
}
