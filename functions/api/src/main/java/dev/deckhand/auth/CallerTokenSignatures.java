package dev.deckhand.auth;

import com.nimbusds.jose.JWSAlgorithm;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfigurationProperties;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The signatures bearer tokens are checked against, from {@link AuthSettings}: a shared secret, a JWKS, or both. */
@Factory
public class CallerTokenSignatures {

    /** Shortest shared secret accepted (HS256 wants at least 256 bits). */
    public static final int MIN_SECRET_LENGTH = 32;

    @Singleton
    @Named("deckhand-shared-secret")
    @Requires(property = "deckhand.auth.jwt-secret")
    SignatureConfiguration sharedSecret(AuthSettings settings) {
        if (settings.jwtSecret().length() < MIN_SECRET_LENGTH) {
            throw new ConfigurationException("deckhand.auth.jwt-secret must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("deckhand");
        configuration.setSecret(settings.jwtSecret());
        configuration.setJwsAlgorithm(JWSAlgorithm.HS256);
        return new SecretSignature(configuration);
    }

    /** The JWKS to fetch (cached) keys from; Micronaut Security makes its (non-blocking) verifier for it. */
    @Singleton
    @Named("deckhand-jwks")
    @Requires(property = "deckhand.auth.jwks-url")
    JwksSignatureConfiguration jwks(AuthSettings settings) {
        JwksSignatureConfigurationProperties configuration = new JwksSignatureConfigurationProperties("deckhand");
        configuration.setUrl(settings.jwksUrl());
        return configuration;
    }
}
