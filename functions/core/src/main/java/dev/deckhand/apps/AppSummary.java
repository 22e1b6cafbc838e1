package dev.deckhand.apps;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One line of {@code GET /kubernetes/services}: a service that has a stored document, a Deployment, or both.
 *
 * @param name          the document's display name; null without a stored document
 * @param document      a document is stored
 * @param deployed      its Deployment exists
 * @param readyReplicas pods ready now (0 when not deployed)
 * @param replicas      pods desired (0 when not deployed)
 * @param state         {@code ready} (every desired pod ready and the rollout done), {@code progressing},
 *                      {@code stopped} (0 replicas desired), {@code stored} (a document, nothing deployed)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AppSummary(String id, @Nullable String name, boolean document, boolean deployed, int readyReplicas, int replicas,
                         String state) {

    public static final String READY = "ready";
    public static final String PROGRESSING = "progressing";
    public static final String STOPPED = "stopped";
    public static final String STORED = "stored";
}
