package dev.deckhand.auth;

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

    /** The header value for a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
