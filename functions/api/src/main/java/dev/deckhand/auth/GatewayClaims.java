package dev.deckhand.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.proxy.security.MicronautLambdaAuthenticationFetcher;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.micronaut.security.token.config.TokenConfiguration;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Behind API Gateway with a JWT authorizer (HTTP API) or a Lambda/Cognito authorizer (REST API), the gateway has
 * already verified the caller: take the identity, roles included, from the claims it put in the event's request
 * context, when {@code deckhand.auth.gateway-claims=true}. A request without such claims falls through to the
 * bearer token. Replaces the proxy library's own fetcher, which trusts those claims (and an
 * {@code x-amzn-oidc-identity} header any client can send) unconditionally and reads no roles.
 */
@Singleton
@Replaces(MicronautLambdaAuthenticationFetcher.class)
public class GatewayClaims implements AuthenticationFetcher<HttpRequest<?>> {

    private final TokenConfiguration tokens;
    private final boolean trusted;

    public GatewayClaims(TokenConfiguration tokens, AuthSettings settings) {
        this.tokens = tokens;
        this.trusted = settings.gatewayClaims();
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!trusted) {
            return Publishers.empty();
        }
        Map<String, Object> claims = request instanceof ServletHttpRequest<?, ?> servlet ? claimsOf(servlet.getNativeRequest()) : Map.of();
        Object subject = claims.get(tokens.getNameKey());
        if (subject == null) {
            return Publishers.empty();
        }
        return Publishers.just(Authentication.build(subject.toString(), roles(claims.get(tokens.getRolesName())), claims));
    }

    static Map<String, Object> claimsOf(Object event) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (event instanceof APIGatewayV2HTTPEvent v2 && v2.getRequestContext() != null
                && v2.getRequestContext().getAuthorizer() != null) {
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = v2.getRequestContext().getAuthorizer();
            if (authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null) {
                claims.putAll(authorizer.getJwt().getClaims());
            }
            if (authorizer.getLambda() != null) {
                claims.putAll(authorizer.getLambda());
            }
        } else if (event instanceof APIGatewayProxyRequestEvent v1 && v1.getRequestContext() != null
                && v1.getRequestContext().getAuthorizer() != null) {
            Map<String, Object> authorizer = v1.getRequestContext().getAuthorizer();
            if (authorizer.get("claims") instanceof Map<?, ?> cognito) {
                cognito.forEach((k, v) -> claims.put(k.toString(), v));
            } else {
                claims.putAll(authorizer);
            }
        }
        return claims;
    }

    /** Roles as a list, or as API Gateway flattens a JSON array claim: {@code "[admin deployer]"}, or comma-separated. */
    static List<String> roles(Object value) {
        List<String> roles = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(r -> roles.add(r.toString()));
        } else if (value != null) {
            String text = value.toString().trim();
            if (text.startsWith("[") && text.endsWith("]")) {
                text = text.substring(1, text.length() - 1);
            }
            for (String role : text.split("[\\s,\"]+")) {
                if (!role.isBlank()) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    @Override
    public int getOrder() {
        return -100;
    }
}
