package dev.deckhand.api;

import dev.deckhand.text.UserText;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.servlet.http.ServletHttpRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every request must be before any route sees it, over HTTP and through the Lambda handlers alike: a method
 * spelled as HTTP spells it (methods are case-sensitive: {@code get} is not {@code GET}), only GET and HEAD on the
 * static files (console, API docs), a path and query values (decoded) that pass the text rule ({@link UserText}: ids,
 * names and images in paths and queries are user text like any other), a body, when its {@code Content-Type} names a
 * charset, in UTF-8, and through the Lambda handlers no {@code Content-Encoding}. A refusal is a JSON error: 405 with
 * {@code Allow}, 415 or 400.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestRules implements Ordered {

    private static final List<String> STATIC_PREFIXES = List.of("/console", "/swagger", "/swagger-ui");
    private static final Pattern CHARSET = Pattern.compile(";\\s*charset\\s*=\\s*\"?([^\";\\s]*)", Pattern.CASE_INSENSITIVE);

    @RequestFilter
    @Nullable
    public MutableHttpResponse<ErrorBody> check(HttpRequest<?> request) {
        String method = request.getMethodName();
        if (request.getMethod() != HttpMethod.CUSTOM && !method.equals(request.getMethod().name())) {
            return refuse(HttpStatus.METHOD_NOT_ALLOWED, "unknown method \"" + printable(method)
                    + "\": methods are case-sensitive (" + request.getMethod().name() + ")");
        }
        if (isStatic(request.getPath()) && request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
            return refuse(HttpStatus.METHOD_NOT_ALLOWED, "static files answer GET and HEAD only, not " + printable(method))
                    .header(HttpHeaders.ALLOW, "GET, HEAD");
        }
        Optional<String> pathProblem = UserText.problem(request.getUri().getPath());
        if (pathProblem.isPresent()) {
            return refuse(HttpStatus.BAD_REQUEST, "the request path " + pathProblem.get());
        }
        for (Map.Entry<String, List<String>> parameter : request.getParameters()) {
            Optional<String> problem = UserText.problem(parameter.getKey())
                    .map(p -> "a query parameter's name " + p)
                    .or(() -> parameter.getValue().stream().map(UserText::problem).flatMap(Optional::stream).findFirst()
                            .map(p -> "query parameter " + printable(parameter.getKey()) + " " + p));
            if (problem.isPresent()) {
                return refuse(HttpStatus.BAD_REQUEST, problem.get());
            }
        }
        String contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            Matcher charset = CHARSET.matcher(contentType);
            if (charset.find() && !charset.group(1).equalsIgnoreCase("utf-8")) {
                return refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "request bodies must be UTF-8, not charset \""
                        + printable(charset.group(1)) + "\"");
            }
        }
        String encoding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !encoding.equalsIgnoreCase("identity") && request instanceof ServletHttpRequest<?, ?>) {
            // The Netty server decodes gzip and deflate bodies (a body that is not what it says is a 400 there too);
            // behind API Gateway nothing does, so no encoded body can be read as what it claims to be.
            return refuse(HttpStatus.BAD_REQUEST, "request body with Content-Encoding " + printable(encoding)
                    + ": encoded bodies are not decoded through API Gateway; send it unencoded");
        }
        return null;
    }

    private static boolean isStatic(String path) {
        for (String prefix : STATIC_PREFIXES) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    private static MutableHttpResponse<ErrorBody> refuse(HttpStatus status, String message) {
        return HttpResponse.<ErrorBody>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(ErrorBody.of(message));
    }

    /** At most 40 printable ASCII characters of what the caller sent, for the error message. */
    private static String printable(String text) {
        String safe = text.replaceAll("[^\\x20-\\x7e]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "..." : safe;
    }

    /** Before authentication: these refusals do not depend on who asks. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.before();
    }
}
