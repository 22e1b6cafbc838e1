package dev.deckhand.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.deckhand.auth.TestTokens;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Answers one API Gateway event (a file under {@code events/rest/} for the REST API, payload 1.0, or
 * {@code events/http/} for the HTTP API, payload 2.0) twice: through the Lambda handler, as API Gateway would
 * invoke it, and as the plain HTTP request the event stands for, sent to the HTTP server of the same application.
 * Both answers must have the same status, Content-Type and body.
 */
final class GatewayParity {

    /** What a client receives: for Lambda, after API Gateway turned the handler's answer into HTTP. */
    record Answer(int status, String contentType, String body) {
    }

    /** The plain HTTP request an event stands for. */
    record PlainRequest(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
    }

    /** Headers java.net.http sets itself. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final RestApiHandler restApi;
    private final HttpApiHandler httpApi;
    private final JsonMapper json;
    private final String server;
    private final HttpClient client = HttpClient.newHttpClient();

    GatewayParity(RestApiHandler restApi, HttpApiHandler httpApi, JsonMapper json, URL server) {
        this.restApi = restApi;
        this.httpApi = httpApi;
        this.json = json;
        this.server = server.toString().replaceAll("/$", "");
    }

    /** Both handlers over the running application whose HTTP server listens at {@code server}. */
    static GatewayParity of(ApplicationContext context, URL server) {
        return new GatewayParity(new RestApiHandler(context), new HttpApiHandler(context), context.getBean(JsonMapper.class), server);
    }

    /** Sends the event both ways, asserts the answers match, and returns the one through Lambda. */
    Answer assertSameAnswer(String event) {
        Answer overHttp = overHttp(event);
        Answer throughLambda = throughLambda(event);
        assertEquals(overHttp.status(), throughLambda.status(), event + ": status; HTTP answered " + overHttp.body()
                + ", Lambda " + throughLambda.body());
        assertEquals(overHttp.contentType(), throughLambda.contentType(), event + ": Content-Type");
        assertEquals(content(overHttp), content(throughLambda), event + ": body");
        return throughLambda;
    }

    Answer throughLambda(String event) {
        String text = resource(event);
        String answer;
        if (event.startsWith("rest/")) {
            APIGatewayProxyResponseEvent response = restApi.handleRequest(
                    LambdaRuntimeSerialization.read(text, APIGatewayProxyRequestEvent.class), new MockLambdaContext());
            answer = LambdaRuntimeSerialization.write(response, APIGatewayProxyResponseEvent.class);
        } else {
            APIGatewayV2HTTPResponse response = httpApi.handleRequest(
                    LambdaRuntimeSerialization.read(text, APIGatewayV2HTTPEvent.class), new MockLambdaContext());
            answer = LambdaRuntimeSerialization.write(response, APIGatewayV2HTTPResponse.class);
        }
        return asApiGatewayWouldAnswer(map(answer));
    }

    Answer overHttp(String event) {
        PlainRequest request = plainRequest(event);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + request.pathAndQuery()))
                .method(request.method(), request.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase())) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Method, path, query, headers and body as the client sent them to API Gateway. */
    @SuppressWarnings("unchecked")
    PlainRequest plainRequest(String event) {
        Map<String, Object> e = map(resource(event));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String method;
        String path;
        String query;
        if (event.startsWith("rest/")) {
            method = (String) e.get("httpMethod");
            path = (String) e.get("path");
            var parameters = (Map<String, List<String>>) e.get("multiValueQueryStringParameters");
            query = parameters == null ? "" : parameters.entrySet().stream()
                    .flatMap(p -> p.getValue().stream().map(v -> encode(p.getKey()) + "=" + encode(v)))
                    .collect(Collectors.joining("&"));
            headers.putAll((Map<String, List<String>>) e.get("multiValueHeaders"));
        } else {
            var http = (Map<String, Object>) ((Map<String, Object>) e.get("requestContext")).get("http");
            method = (String) http.get("method");
            path = (String) e.get("rawPath");
            query = (String) e.get("rawQueryString");
            ((Map<String, String>) e.get("headers")).forEach((name, value) -> headers.put(name, List.of(value)));
            if (e.get("cookies") instanceof List<?> cookies) {
                headers.put("cookie", List.of(cookies.stream().map(String::valueOf).collect(Collectors.joining("; "))));
            }
        }
        String body = (String) e.get("body");
        byte[] bytes = body == null ? null
                : Boolean.TRUE.equals(e.get("isBase64Encoded")) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        return new PlainRequest(method, path + (query == null || query.isEmpty() ? "" : "?" + query), headers, bytes);
    }

    /**
     * The HTTP answer API Gateway makes of a handler's answer: headers and multiValueHeaders merged (the latter
     * wins), a base64 body decoded.
     */
    @SuppressWarnings("unchecked")
    private static Answer asApiGatewayWouldAnswer(Map<String, Object> response) {
        List<String> contentTypes = new ArrayList<>();
        for (String field : List.of("headers", "multiValueHeaders")) {
            if (response.get(field) instanceof Map<?, ?> headers) {
                ((Map<String, Object>) headers).forEach((name, value) -> {
                    if (name.equalsIgnoreCase("Content-Type")) {
                        contentTypes.add(0, value instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(value));
                    }
                });
            }
        }
        String body = (String) response.get("body");
        if (body != null && Boolean.TRUE.equals(response.get("isBase64Encoded"))) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new Answer(((Number) response.get("statusCode")).intValue(),
                contentTypes.isEmpty() ? null : contentTypes.get(0), body == null ? "" : body);
    }

    /** JSON bodies compared as trees, so key order and spacing do not matter; anything else as text. */
    Object content(Answer answer) {
        if (answer.contentType() != null && answer.contentType().startsWith("application/json")) {
            try {
                return json.readValue(answer.body(), Object.class);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + answer.body(), e);
            }
        }
        return answer.body();
    }

    private Map<String, Object> map(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event file, as the client sent it with an admin bearer token (the files themselves carry none). */
    @SuppressWarnings("unchecked")
    private String resource(String event) {
        String text;
        try (InputStream in = GatewayParity.class.getResourceAsStream("/events/" + event)) {
            if (in == null) {
                throw new IllegalArgumentException("no event file events/" + event);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> e = map(text);
        String authorization = TestTokens.bearer(TestTokens.admin());
        if (e.get("headers") instanceof Map<?, ?> headers) {
            ((Map<String, Object>) headers).put("authorization", authorization);
        }
        if (e.get("multiValueHeaders") instanceof Map<?, ?> headers) {
            ((Map<String, Object>) headers).put("authorization", List.of(authorization));
        }
        try {
            return json.writeValueAsString(e);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
