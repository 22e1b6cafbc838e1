package dev.deckhand.auth;

import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The claims every bearer token must have, on top of Micronaut Security's signature and expiry checks: an {@code exp}
 * (a token without one would be valid forever), no {@code nbf} or {@code iat} further in the future than
 * {@link TokenRules#clockSkew()}, a lifetime of at most {@link TokenRules#maxLifetime()}, and a non-blank {@code sub}
 * (the audit log names every caller). A token failing one is refused as any invalid token is: 401.
 */
@Singleton
public class TokenClaims<T> implements GenericJwtClaimsValidator<T> {

    private final TokenRules rules;
    private final Clock clock;

    public TokenClaims(TokenRules rules) {
        this(rules, Clock.systemUTC());
    }

    TokenClaims(TokenRules rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public boolean validate(Claims claims, T request) {
        Object subject = claims.get(Claims.SUBJECT);
        if (subject == null || subject.toString().isBlank()) {
            return false;
        }
        Instant now = clock.instant();
        Instant expires = instant(claims.get(Claims.EXPIRATION_TIME));
        Instant issued = instant(claims.get(Claims.ISSUED_AT));
        Instant notBefore = instant(claims.get(Claims.NOT_BEFORE));
        if (expires == null || !expires.isAfter(now)) {
            return false;
        }
        Instant latest = now.plus(rules.clockSkew());
        if ((issued != null && issued.isAfter(latest)) || (notBefore != null && notBefore.isAfter(latest))) {
            return false;
        }
        Instant from = issued != null ? issued : now;
        return Duration.between(from, expires).compareTo(rules.maxLifetime()) <= 0;
    }

    /** A time claim as Nimbus hands it over (a Date), or as a number of seconds; null when absent or unreadable. */
    private static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        return null;
    }
}
