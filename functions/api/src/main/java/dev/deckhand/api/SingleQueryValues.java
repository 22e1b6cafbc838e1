package dev.deckhand.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.servlet.http.ServletHttpRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query parameter given more than once ({@code ?limit=5&limit=200}) is a 400 naming it, on every route and
 * transport alike. Each transport hands repeated keys to the controllers differently (the HTTP server joins them
 * with commas, the Lambda handlers keep the first), so the count is taken from what the client sent: the query
 * string, or an API Gateway event's own record of it (payload 2.0 joins repeated values with commas in
 * queryStringParameters, where a value's own comma looks the same, so its rawQueryString is counted).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SingleQueryValues implements Ordered {

    @RequestFilter
    @Nullable
    public MutableHttpResponse<ErrorBody> refuseRepeatedKeys(HttpRequest<?> request) {
        for (Map.Entry<String, Integer> key : counts(request).entrySet()) {
            if (key.getValue() > 1) {
                return HttpResponse.<ErrorBody>status(HttpStatus.BAD_REQUEST).body(ErrorBody.of(
                        "query parameter " + key.getKey() + " is given " + key.getValue() + " times; give it once"));
            }
        }
        return null;
    }

    private static Map<String, Integer> counts(HttpRequest<?> request) {
        Object event = request instanceof ServletHttpRequest<?, ?> servlet ? servlet.getNativeRequest() : null;
        if (event instanceof APIGatewayProxyRequestEvent v1) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            Map<String, List<String>> values = v1.getMultiValueQueryStringParameters();
            if (values != null) {
                values.forEach((k, v) -> counts.put(k, v == null ? 0 : v.size()));
            }
            return counts;
        }
        if (event instanceof APIGatewayV2HTTPEvent v2) {
            return countKeys(v2.getRawQueryString());
        }
        return countKeys(request.getUri().getRawQuery());
    }

    private static Map<String, Integer> countKeys(@Nullable String query) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return counts;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    /** After the security filter: an anonymous caller learns nothing about routes from a 400 before its 401. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
