package dev.deckhand.agent.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The agent's JSON (jackson-jr): answers written from the agent-api records, request bodies read strictly. */
final class JsonBodies {

    // Null values (e.g. AgentError.image) are left out, empty lists written as [].
    private final JSON json = JSON.builder()
            .enable(JSON.Feature.WRITE_RECORD_FIELDS_IN_DECLARATION_ORDER, JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS)
            .build();

    byte[] write(Object value) {
        try {
            return json.asBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code image} field of an {@link dev.deckhand.agent.api.ImageRequest} body, read as a tree: binding the
     * record directly would coerce {@code 5}, {@code true} or {@code ["x"]} into a string instead of refusing them.
     * Null when the field is absent or null.
     */
    String imageField(byte[] body) {
        Map<?, ?> object = object(body, "a JSON object with a string field 'image'");
        Object image = object.get("image");
        if (image == null) {
            return null;
        }
        if (!(image instanceof String text)) {
            throw AgentHttpException.badRequest(null, "field 'image' must be a string");
        }
        return text;
    }

    /**
     * The body as a JSON object (maps, lists, strings, numbers, booleans), read strictly: one value, no trailing
     * content. {@code shape} says what was expected, for the refusal.
     */
    Map<?, ?> object(byte[] body, String shape) {
        Object tree = null;
        try (JsonParser parser = json.getStreamingFactory().createParser(body)) {
            if (body.length > 0) {
                tree = json.anyFrom(parser);
                if (parser.nextToken() != null) {
                    throw AgentHttpException.badRequest(null, "request body is not valid JSON: content after the value"
                            + " (line " + parser.currentLocation().getLineNr() + ", column "
                            + parser.currentLocation().getColumnNr() + ")");
                }
            }
        } catch (JsonProcessingException e) {
            throw AgentHttpException.badRequest(null, "request body is not valid JSON: " + parserMessage(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(tree instanceof Map<?, ?> object)) {
            throw AgentHttpException.badRequest(null, "request body must be " + shape);
        }
        return object;
    }

    /** The parser's own words and where it stopped; Jackson's excerpt of the source is left out. */
    private static String parserMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        String firstLine = message.lines().findFirst().orElse(message).strip();
        JsonLocation at = e.getLocation();
        return at == null ? firstLine : firstLine + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
