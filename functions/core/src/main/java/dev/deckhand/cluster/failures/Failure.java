package dev.deckhand.cluster.failures;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * An object's run of consecutive failures, as the failure ledger keeps it between passes.
 *
 * @param count   consecutive passes that failed the same way
 * @param error   what the API server answered the last time (HTTP status and message, shortened)
 * @param retryAt the object is left alone until then
 */
@Serdeable
public record Failure(int count, String error, Instant retryAt) {
}
