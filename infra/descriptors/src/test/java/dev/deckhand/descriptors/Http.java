package dev.deckhand.descriptors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/** Plain HTTP against a running functions context; remembers the routes it called. */
final class Http {

    record Answer(int status, String body) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final Set<Routes.Route> called;

    Http(String base, Set<Routes.Route> called) {
        this.base = base;
        this.called = called;
    }

    Answer send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Apps.ADMIN_TOKEN);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            called.add(new Routes.Route(method, path));
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends and requires {@code status}; returns the body. */
    String expect(int status, String method, String path, String json) {
        return expect(status, method, path, path, json);
    }

    /** Sends to {@code path}, an instance of the route template {@code route}, and requires {@code status}. */
    String expect(int status, String method, String route, String path, String json) {
        Answer answer = send(method, path, json);
        called.add(new Routes.Route(method, route));
        if (answer.status() != status) {
            throw new AssertionError(method + " " + path + " answered " + answer.status() + " (expected " + status + "): " + answer.body());
        }
        return answer.body();
    }
}
