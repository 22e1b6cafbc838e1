package dev.deckhand.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;

/** Deckhand over HTTP: one request per call, the bearer token on each, errors turned into {@link CliException}s. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A 2xx answer: the status, its body parsed (null when it is not JSON), the raw text and its headers. */
    record Answer(int status, JsonNode json, String text, java.net.http.HttpHeaders headers) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    private final String baseUrl;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;

    Api(String baseUrl, String token, Duration connectTimeout, Duration requestTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    Answer get(String path) {
        return send("GET", path, null, null);
    }

    Answer delete(String path) {
        return send("DELETE", path, null, null);
    }

    Answer post(String path, Object body) {
        return send("POST", path, toJson(body), "application/json");
    }

    Answer put(String path, Object body) {
        return send("PUT", path, body == null ? null : toJson(body), "application/json");
    }

    Answer send(String method, String path, String body, String contentType) {
        URI uri;
        try {
            uri = URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "--url is not a URL: " + baseUrl);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CliException(CliException.USAGE, "--url must be an http:// or https:// URL, not " + baseUrl);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connection timed out");
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + requestTimeout.toSeconds() + "s");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (UnresolvedAddressException e) {
            throw unreachable("unknown host");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted");
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() >= 400) {
            throw new CliException(CliException.SERVER_SAID_NO, response.statusCode(), refusal(method, path, response, json));
        }
        return new Answer(response.statusCode(), json, response.body(), response.headers());
    }

    private CliException unreachable(String why) {
        return new CliException(CliException.UNREACHABLE, "cannot reach Deckhand at " + baseUrl + ": " + why);
    }

    /** "404 Not Found: task ... not found", the server's own words; the services routes' detail header too. */
    private String refusal(String method, String path, HttpResponse<String> response, JsonNode json) {
        String error = json != null && json.hasNonNull("error") ? json.get("error").asText() : response.body().strip();
        StringBuilder message = new StringBuilder().append(method).append(' ').append(path).append(": ")
                .append(response.statusCode()).append(' ').append(error.isEmpty() ? "(no message)" : error);
        response.headers().firstValue("Deckhand-Error-Detail").ifPresent(detail -> message.append(" (").append(detail).append(')'));
        if (json != null && json.hasNonNull("reason")) {
            message.append(" [").append(json.get("reason").asText()).append(']');
        }
        if (token == null && (response.statusCode() == 401)) {
            message.append(" -- no token given: use --token or DECKHAND_TOKEN");
        }
        return message.toString();
    }

    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
