package dev.deckhand.tenantjobs;

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

/** {@code GET} and {@code PUT /pods/template?tenant=} over raw HTTP (a YAML body, which ApiTestSupport does not send). */
final class TemplateHttp {

    record Answer(int status, String body, JsonNode json) {
        String text(String field) {
            JsonNode node = json == null ? null : json.get(field);
            return node == null || node.isNull() ? null : node.getStringValue();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final JsonMapper json;

    TemplateHttp(URL base, JsonMapper json) {
        this.base = base.toString().replaceAll("/$", "");
        this.json = json;
    }

    Answer get(String tenant) {
        return send(HttpRequest.newBuilder(URI.create(base + "/pods/template?tenant=" + tenant)).GET());
    }

    Answer put(String tenant, String yaml) {
        return send(HttpRequest.newBuilder(URI.create(base + "/pods/template?tenant=" + tenant))
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(yaml)));
    }

    private Answer send(HttpRequest.Builder request) {
        request.header("Authorization", TestTokens.bearer(TestTokens.admin()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            return new Answer(response.statusCode(), response.body(), isJson ? json.readValue(response.body(), JsonNode.class) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
