package dev.deckhand.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
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

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;

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
        return new SharedSecretSignature(configuration);
    }

    /**
     * Micronaut's shared-secret signature, its HMAC taken from the JDK's SunJCE provider by name. Asked for "HmacSHA256"
     * alone, the JDK tries its providers in order and makes each one before SunJCE (SUN, SunRsaSign, SunEC with its
     * curve tables, SunJSSE): about 13 ms of the first request's event loop, for a Mac only SunJCE has. A JVM
     * without SunJCE (a FIPS set-up, say) gets the JDK's ordinary look-up.
     */
    static final class SharedSecretSignature extends SecretSignature {

        private final MACVerifier verifier;

        SharedSecretSignature(SecretSignatureConfiguration configuration) {
            super(configuration);
            try {
                verifier = new MACVerifier(configuration.getSecret().getBytes(StandardCharsets.UTF_8));
            } catch (JOSEException e) {
                throw new ConfigurationException("deckhand.auth.jwt-secret cannot key an HMAC: " + e.getMessage());
            }
            Provider jce = Security.getProvider("SunJCE");
            if (jce != null) {
                verifier.getJCAContext().setProvider(jce);
            }
        }

        /** Where the HMAC comes from (null: the JDK's look-up). */
        Provider macProvider() {
            return verifier.getJCAContext().getProvider();
        }

        @Override
        public boolean verify(SignedJWT token) throws JOSEException {
            return token.verify(verifier);
        }
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
