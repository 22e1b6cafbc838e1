package dev.deckhand.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** The answers of {@code POST /services}. */
public final class ServiceCreated {

    static final String CREATED = "Successfuly created!"; // sic: seed 001's spelling, which its clients may match

    private ServiceCreated() {
    }

    /** Seed 001's answer, for a detached service. */
    @Serdeable
    public record Detached(String body) {
    }

    /**
     * A run to completion ({@code detached: false}): the seed's answer plus how the run went.
     *
     * @param outcome  {@code succeeded}, {@code failed}, or {@code running} when run-timeout passed first
     * @param exitCode null while it runs
     * @param output   the last lines it printed
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Run(String body, String id, String name, String outcome, @JsonProperty("exit_code") Integer exitCode, String output) {
    }
}
