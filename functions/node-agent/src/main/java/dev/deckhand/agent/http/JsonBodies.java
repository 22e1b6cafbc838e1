package dev.deckhand.agent.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The agent's JSON: answers written from the agent-api records, request bodies read strictly. */
final class JsonBodies {

    // Empty lists are written ([] rather than left out); absent values (e.g. AgentError.image) are left out.
    private final ObjectMapper mapper = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code image} field of an {@link dev.deckhand.agent.api.ImageRequest} body, read from the JSON tree: binding
     * the record directly would coerce {@code 5}, {@code true} or {@code ["x"]} into a string instead of refusing
     * them. Null when the field is absent or null.
     */
    String imageField(byte[] body) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw AgentHttpException.badRequest(null, "request body is not valid JSON: " + parserMessage(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || !tree.isObject()) {
            throw AgentHttpException.badRequest(null, "request body must be a JSON object with a string field 'image'");
        }
        JsonNode image = tree.get("image");
        if (image == null || image.isNull()) {
            return null;
        }
        if (!image.isTextual()) {
            throw AgentHttpException.badRequest(null, "field 'image' must be a string");
        }
        return image.textValue();
    }

    /** The parser's own words and where it stopped; Jackson's excerpt of the source is left out. */
    private static String parserMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        String firstLine = message.lines().findFirst().orElse(message).strip();
        JsonLocation at = e.getLocation();
        return at == null ? firstLine : firstLine + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
