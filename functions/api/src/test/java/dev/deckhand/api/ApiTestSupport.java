package dev.deckhand.api;

import dev.deckhand.auth.TestTokens;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw HTTP against a running Deckhand, so tests see exactly the status, headers and body a client sees. Requests
 * carry an admin bearer token unless made through {@link #as(String)} (another token, or null for none).
 */
public final class ApiTestSupport {

    public record Answer(int status, String contentType, String body, JsonNode json) {

        /** A string field of the JSON body, null when absent or null. */
        public String text(String field) {
            JsonNode node = json.get(field);
            return node == null || node.isNull() ? null : node.getStringValue();
        }

        /** The JSON body's field names, in order. */
        public List<String> fields() {
            List<String> names = new ArrayList<>();
            json.entries().forEach(e -> names.add(e.getKey()));
            return names;
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final JsonMapper json;
    private final String token;

    public ApiTestSupport(URL base, JsonMapper json) {
        this(base.toString().replaceAll("/$", ""), json, TestTokens.admin());
    }

    private ApiTestSupport(String base, JsonMapper json, String token) {
        this.base = base;
        this.json = json;
        this.token = token;
    }

    /** The same server, called with {@code token} (null: no Authorization header). */
    public ApiTestSupport as(String token) {
        return new ApiTestSupport(base, json, token);
    }

    /**
     * The seed's first routes that need the cluster (GET /get/nodes, GET /update/monitor, POST /list) all answer 503
     * with {@code reason} in their error, and neither a stack trace nor Micronaut's bean path.
     */
    public void assertClusterRoutesAnswer503(String reason) {
        for (Answer answer : List.of(get("/get/nodes"), get("/update/monitor"), post("/list", "{\"node_name\":\"node-1\"}"))) {
            org.junit.jupiter.api.Assertions.assertEquals(503, answer.status(), answer.body());
            org.junit.jupiter.api.Assertions.assertTrue(answer.text("error").contains(reason), answer.body());
            org.junit.jupiter.api.Assertions.assertFalse(answer.body().contains("at io."), "no stack trace: " + answer.body());
            org.junit.jupiter.api.Assertions.assertFalse(answer.body().contains("Path Taken"), "no bean path: " + answer.body());
        }
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Answer post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Answer delete(String path, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public Answer put(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Answer send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode tree = type.startsWith("application/json") ? json.readValue(response.body(), JsonNode.class) : null;
            return new Answer(response.statusCode(), type, response.body(), tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
