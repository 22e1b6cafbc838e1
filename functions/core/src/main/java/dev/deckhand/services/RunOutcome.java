package dev.deckhand.services;

import io.micronaut.core.annotation.Nullable;

/**
 * How a run to completion ({@code detached: false}) ended, within the bounded wait.
 *
 * @param outcome  {@code succeeded}, {@code failed}, or {@code running} when the wait ended first
 * @param exitCode the container's exit code, when it ended
 * @param output   the last lines it printed
 */
public record RunOutcome(StoredService service, String outcome, @Nullable Integer exitCode, String output) {
}
