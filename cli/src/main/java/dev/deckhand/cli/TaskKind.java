package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.function.Function;

/**
 * What sets one kind of node-by-node task apart where the CLI shows it: prewarm tasks and image cleanups have routes of
 * the same shape, the same progress block and lifecycle, so {@link TaskCommands} and {@link TaskWatch} serve both.
 *
 * @param noun    what one is called in messages: {@code task}, {@code cleanup}
 * @param command the command group that handles it: {@code prewarm}, {@code cleanup}
 * @param route   its collection route
 * @param outcome what it achieved so far beyond the progress block (a cleanup's images removed), or null when nothing
 */
record TaskKind(String noun, String command, String route, Function<JsonNode, String> outcome) {

    String path(String taskId) {
        return route + "/" + ApiCommand.encode(taskId);
    }

    /** The id column's heading: {@code TASK}, {@code CLEANUP}. */
    String heading() {
        return noun.toUpperCase(Locale.ROOT);
    }

    String capitalized() {
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }
}
