package dev.deckhand.apps;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import dev.deckhand.http.PooledConnections;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Seed 004's outside collection, read with the JDK's HTTP client: {@code GET catalogUrl + catalogPath} with {@code {id}}
 * replaced. The answer is the document, or (Directus style, as the seed's LLP API answers) an object whose {@code data}
 * is the document; fields other than the four of a document (the catalog's own id, dates...) are ignored. 404: no such
 * document. Anything else that is not a 2xx JSON object, or no answer: {@link CatalogException}.
 */
@Singleton
public class HttpAppCatalog implements AppCatalog, PooledConnections {

    private final AppSettings settings;
    private final JsonMapper json;
    private volatile HttpClient http;

    public HttpAppCatalog(AppSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = newHttpClient();
    }

    private HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(settings.catalogTimeout()).build();
    }

    @Override
    public void dropConnections() {
        http = newHttpClient();
    }

    /** The client calls go through now (tests). */
    HttpClient httpClient() {
        return http;
    }

    @Override
    public Optional<ServiceDocument> fetch(String id) {
        URI uri = URI.create(settings.catalogUrl().replaceAll("/+$", "")
                + settings.catalogPath().replace("{id}", URLEncoder.encode(id, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.catalogTimeout())
                .header("Accept", "application/json").GET();
        if (settings.catalogToken() != null && !settings.catalogToken().isBlank()) {
            request.header("Authorization", "Bearer " + settings.catalogToken());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CatalogException("the service catalog at " + uri.getHost() + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("interrupted while asking the service catalog", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw new CatalogException("the service catalog answered HTTP " + response.statusCode() + " for service " + id, null);
        }
        JsonNode body;
        try {
            body = json.readValue(response.body(), JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new CatalogException("the service catalog answered something that is not JSON for service " + id, e);
        }
        if (body != null && body.isObject() && body.get("data") != null) {
            body = body.get("data");
            if (body.isNull()) {
                return Optional.empty();
            }
        }
        if (body == null || !body.isObject()) {
            throw new CatalogException("the service catalog's answer for service " + id + " is not a JSON object", null);
        }
        return Optional.of(new ServiceDocument(text(body, "name"), text(body, "deployment"), text(body, "exposed_service"),
                number(body, "exposed_port")));
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new AppValidationException(field, "must be a string in the catalog's document");
        }
        return value.getStringValue();
    }

    private static Integer number(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.getNumberValue().doubleValue() != value.getIntValue()) {
            throw new AppValidationException(field, "must be an integer in the catalog's document");
        }
        return value.getIntValue();
    }
}
