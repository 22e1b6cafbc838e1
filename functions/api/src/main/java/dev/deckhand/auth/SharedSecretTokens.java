package dev.deckhand.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Mints HS256 bearer tokens for the shared-secret mode ({@code deckhand.auth.jwt-secret}): what the sandbox prints
 * and what an operator without an identity provider hands out. Tokens of a JWKS setup come from its provider.
 */
public final class SharedSecretTokens {

    private SharedSecretTokens() {
    }

    /**
     * A token for {@code subject} with {@code roles} (claim {@code roles}) and any further claims, e.g.
     * {@code tenant}, valid for {@code ttl}.
     */
    public static String sign(String secret, String subject, List<String> roles, Map<String, Object> claims, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("roles", roles);
        claims.forEach(body::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), body.build());
            jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign a token with this secret: " + e.getMessage(), e);
        }
    }
}
