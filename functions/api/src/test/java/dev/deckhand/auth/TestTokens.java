package dev.deckhand.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Bearer tokens signed with the tests' shared secret (application-test.yml). */
public final class TestTokens {

    public static final String SECRET = "deckhand-tests-shared-secret-0123456789abcdef";

    private TestTokens() {
    }

    public static String admin() {
        return of("test-admin", List.of(Roles.ADMIN), Map.of());
    }

    public static String deployer() {
        return of("test-deployer", List.of(Roles.DEPLOYER), Map.of());
    }

    public static String tenant(String tenant) {
        return of("test-tenant-" + tenant, List.of(Roles.TENANT), Map.of("tenant", tenant));
    }

    public static String of(String subject, List<String> roles, Map<String, Object> claims) {
        return SharedSecretTokens.sign(SECRET, subject, roles, claims, Duration.ofHours(1));
    }

    /** A token signed with {@link #SECRET} with exactly these claims ({@code roles} admin unless given): no defaults. */
    public static String signed(Map<String, Object> claims) {
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder().claim("roles", List.of(Roles.ADMIN));
        claims.forEach(body::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), body.build());
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The header value for a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
