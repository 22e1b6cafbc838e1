package dev.deckhand.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * What a bearer token's times must say ({@code deckhand.auth.tokens.*}), enforced by {@link TokenClaims}.
 *
 * @param clockSkew   how far {@code nbf} and {@code iat} may lie in the future (clocks differ); default 60 s
 * @param maxLifetime longest {@code exp - iat} (or {@code exp - now} without {@code iat}) accepted; default 24 h
 */
@ConfigurationProperties("deckhand.auth.tokens")
public record TokenRules(
        @Bindable(defaultValue = "60s") Duration clockSkew,
        @Bindable(defaultValue = "24h") Duration maxLifetime) {
}
