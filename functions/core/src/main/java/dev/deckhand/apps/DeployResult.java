package dev.deckhand.apps;

import java.util.List;

/** A deploy's outcome: the rendered objects and the writes it made ({@code changes} empty when nothing changed). */
public record DeployResult(RenderedApp rendered, List<String> changes) {
}
