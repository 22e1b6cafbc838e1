package dev.deckhand.auth;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.SecurityFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per mutating call, on the logger {@code deckhand.audit}: who (subject and roles, or "anonymous"), what
 * (method and path, without query or body: bodies may carry commands and documents, never credentials, but the
 * line stays small), and the status answered. Tokens and headers are never logged.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuditLog implements Ordered {

    private static final Logger AUDIT = LoggerFactory.getLogger("deckhand.audit");

    @ResponseFilter
    public void record(HttpRequest<?> request, HttpResponse<?> response) {
        HttpMethod method = request.getMethod();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            return;
        }
        String who = request.getAttribute(SecurityFilter.AUTHENTICATION, Authentication.class)
                .map(a -> a.getName() + " " + a.getRoles())
                .orElse("anonymous");
        AUDIT.info("who={} what=\"{} {}\" status={}", who, method, request.getPath(), response.code());
    }

    /** Before the security filter, so that this sees the answers of calls it refuses too. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
