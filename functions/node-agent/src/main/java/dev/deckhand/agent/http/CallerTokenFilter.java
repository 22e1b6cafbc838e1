package dev.deckhand.agent.http;

import dev.deckhand.agent.AgentConfig;
import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.api.AgentToken;
import dev.deckhand.agent.runtime.RuntimeCodes;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Only Deckhand may call the agent: every route but the probes needs {@code Authorization: Bearer TOKEN} with the
 * token of {@link AgentConfig#tokenFile()}. Anything else is a 401 {@link AgentError} before any route runs.
 */
// Created at start-up, so an agent without a readable token fails to start instead of failing every call.
@Context
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CallerTokenFilter implements io.micronaut.core.order.Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(CallerTokenFilter.class);

    private final AgentToken token;

    public CallerTokenFilter(AgentConfig config) {
        this.token = AgentToken.fromFile(Path.of(config.tokenFile()));
    }

    @RequestFilter
    @Nullable
    public HttpResponse<AgentError> authenticate(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.equals(AgentPaths.HEALTHZ) || path.equals(AgentPaths.READYZ)) {
            return null;
        }
        if (token.accepts(request.getHeaders().get(AgentToken.HEADER))) {
            return null;
        }
        LOG.warn("{} {} from {}: refused, no valid caller token", request.getMethod(), path, request.getRemoteAddress());
        return HttpResponse.<AgentError>status(HttpStatus.UNAUTHORIZED)
                .body(new AgentError(null, "this agent answers Deckhand only: send Authorization: Bearer with the"
                        + " agent token", RuntimeCodes.UNAUTHENTICATED));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
