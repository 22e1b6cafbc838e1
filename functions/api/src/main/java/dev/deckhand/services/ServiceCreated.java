package dev.deckhand.services;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The answers of {@code POST /services}. */
public final class ServiceCreated {

    static final String CREATED = "Successfuly created!"; // sic: seed 001's spelling, which its clients may match
    static final String DELETED = "Successfully deleted!";

    private ServiceCreated() {
    }

    /** Seed 001's answer, for a detached service. */
    @Serdeable
    public record Detached(String body) {
    }

    /**
     * The answer of {@code DELETE /services/{id}}, in the seed's {@code body} style.
     *
     * @param deleted the objects removed: {@code deployment web-3f2a9c1d}, {@code service web-3f2a9c1d} or {@code job ...}
     */
    @Serdeable
    public record Deleted(String body, String id, String name, List<String> deleted) {
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
