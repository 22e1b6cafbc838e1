package dev.deckhand.apps;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** An item of a LIST of a service's objects, with only the fields a deploy plan reads (claims' fields absent for other kinds). */
@Serdeable
record ListedAppObject(Metadata metadata, @Nullable Spec spec, @Nullable Status status) {

    @Serdeable
    record Metadata(String name, @Nullable String resourceVersion, @Nullable String deletionTimestamp,
                    @Nullable Map<String, String> annotations) {
    }

    @Serdeable
    record Spec(@Nullable String storageClassName, @Nullable Resources resources) {
    }

    @Serdeable
    record Resources(@Nullable Map<String, String> requests) {
    }

    @Serdeable
    record Status(@Nullable String phase) {
    }
}
