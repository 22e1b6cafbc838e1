package dev.deckhand.auth;

import dev.deckhand.cluster.Redacted;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How callers prove who they are ({@code deckhand.auth.*}). With neither a secret nor a JWKS URL every route but
 * the probes answers 401: Deckhand never runs open.
 *
 * @param jwtSecret     shared secret of HS256-signed bearer tokens ({@code DECKHAND_AUTH_JWT_SECRET}, at least
 *                      32 characters)
 * @param jwksUrl       URL of the JSON Web Key Set that signs bearer tokens, e.g. an OIDC provider's
 *                      ({@code DECKHAND_AUTH_JWKS_URL})
 * @param tenantClaim   the claim naming a {@code tenant} caller's tenant
 * @param gatewayClaims behind API Gateway with a JWT or Lambda authorizer: trust the claims the authorizer put in
 *                      the event's request context instead of validating a token again. Only for functions that
 *                      nothing but that API reaches.
 */
@ConfigurationProperties("deckhand.auth")
public record AuthSettings(
        @Nullable String jwtSecret,
        @Nullable String jwksUrl,
        @Bindable(defaultValue = "tenant") String tenantClaim,
        @Bindable(defaultValue = "false") boolean gatewayClaims) {

    @Override
    public String toString() {
        return "AuthSettings[jwtSecret=" + Redacted.of(jwtSecret) + ", jwksUrl=" + jwksUrl + ", tenantClaim=" + tenantClaim
                + ", gatewayClaims=" + gatewayClaims + "]";
    }
}
