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
import dev.deckhand.http.PooledConnections;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reaches a node's agent over HTTP at {@link AgentSettings#urlTemplate()}, with OkHttp (the Kubernetes client's
 * HTTP client, already loaded for the cluster): each call carries its own deadline (a pull may take minutes, a list
 * should not), and a plain-HTTP template sets up no TLS at all. (The JDK's client made its default TLS context with
 * the client, and loaded some 500 classes of its own, for the first agent call of every instance.)
 */
@Singleton
public class HttpNodeAgentClient implements NodeAgentClient, PooledConnections {

    private static final Logger LOG = LoggerFactory.getLogger(HttpNodeAgentClient.class);

    private static final MediaType JSON = MediaType.get("application/json");

    private final AgentSettings settings;
    private final ObjectMapper json;
    private volatile OkHttpClient http;
    private final AgentToken token;

    public HttpNodeAgentClient(AgentSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = newHttpClient(settings);
        this.token = callerToken(settings);
    }

    /**
     * No read or write timeout of OkHttp's own (10 s by default: a pull answers when it is done); every call is given
     * its deadline instead. Calls run on OkHttp's dispatcher, without its limits on calls in flight (64, and 5 per
     * host): a prewarm sets its own. Agents reached over plain HTTP (the default template) get a cleartext-only client,
     * which makes no TLS set-up.
     */
    private static OkHttpClient newHttpClient(AgentSettings settings) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Integer.MAX_VALUE);
        dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
        OkHttpClient.Builder client = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .followRedirects(false);
        if (settings.urlTemplate().regionMatches(true, 0, "http://", 0, "http://".length())) {
            client.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        return client.build();
    }

    @Override
    public void dropConnections() {
        http = newHttpClient(settings);
    }

    /** The client calls go through now (tests). */
    OkHttpClient httpClient() {
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
        Answer answered;
        Call call;
        try {
            Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
            if (token != null) {
                request.header(AgentToken.HEADER, token.headerValue());
            }
            if (body != null) {
                request.post(RequestBody.create(json.writeValueAsBytes(body), JSON));
            }
            call = http.newCall(request.build());
        } catch (IOException | IllegalArgumentException e) {
            throw new AgentUnreachableException(node, url, e);
        }
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            answered = send(call).get();
        } catch (InterruptedException e) {
            // A cancelled prewarm or cleanup interrupts its workers: the exchange ends with them (OkHttp's blocking
            // call would not notice an interrupt, and would hold its thread until the agent answered).
            call.cancel();
            Thread.currentThread().interrupt();
            throw new AgentUnreachableException(node, url, e);
        } catch (ExecutionException e) {
            throw new AgentUnreachableException(node, url, e.getCause());
        }
        int status = answered.status();
        byte[] content = answered.body();
        try {
            if (status / 100 == 2) {
                return json.readValue(content, answer);
            }
            throw new AgentCallException(status, errorBody(content));
        } catch (IOException e) {
            throw new AgentCallException(502, new AgentError(null,
                    "node agent of '" + node + "' answered HTTP " + status + " with a body that is not its contract: " + e.getMessage(),
                    "UNKNOWN"));
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private static CompletableFuture<Answer> send(Call call) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                answer.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call done, Response response) {
                try (response) {
                    ResponseBody body = response.body();
                    answer.complete(new Answer(response.code(), body == null ? new byte[0] : body.bytes()));
                } catch (IOException e) {
                    answer.completeExceptionally(e);
                }
            }
        });
        return answer;
    }

    private AgentError errorBody(byte[] content) throws IOException {
        AgentError error = json.readValue(content, AgentError.class);
        if (error == null || error.error() == null) {
            throw new IOException("no error message");
        }
        return error;
    }
}
