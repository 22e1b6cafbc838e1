package dev.deckhand.auth;

import com.nimbusds.jwt.SignedJWT;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedSecretSignatureTest {

    private static CallerTokenSignatures.SharedSecretSignature signature(String secret) {
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("deckhand");
        configuration.setSecret(secret);
        return new CallerTokenSignatures.SharedSecretSignature(configuration);
    }

    @Test
    void acceptsTokensSignedWithTheSecretOnlyAndTakesItsHmacFromSunJce() throws Exception {
        CallerTokenSignatures.SharedSecretSignature signature = signature(TestTokens.SECRET);
        assertTrue(signature.verify(SignedJWT.parse(TestTokens.admin())));
        String other = SharedSecretTokens.sign("another-shared-secret-of-enough-length-0123", "x", List.of(Roles.ADMIN),
                Map.of(), Duration.ofMinutes(5));
        assertFalse(signature.verify(SignedJWT.parse(other)));
        assertEquals("SunJCE", signature.macProvider().getName());
    }
}
