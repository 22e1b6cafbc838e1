package dev.deckhand.cluster;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A LIST answer, of whatever projection of its items the caller asked for. */
@Serdeable
public record ObjectList<T>(List<T> items) {
    public ObjectList {
        items = items == null ? List.of() : items;
    }
}
