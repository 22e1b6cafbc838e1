package dev.deckhand.prewarm;

import dev.deckhand.api.InvalidBodyException;
import dev.deckhand.api.StrictJson;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.util.Map;

/**
 * Reads prewarm requests from HTTP: the create body (types checked down to list elements and selector values, which
 * {@link StrictJson} does not look into) and the list query parameters. Each problem is a 400 naming the field.
 */
@Singleton
public class TaskRequests {

    private final StrictJson bodies;

    public TaskRequests(StrictJson bodies) {
        this.bodies = bodies;
    }

    public NewPrewarmTask create(byte[] bytes) {
        JsonNode body = bodies.tree(bytes);
        if (body != null && body.isObject()) {
            strings(body.get("images"), "images");
            strings(body.get("imagePullSecrets"), "imagePullSecrets");
            JsonNode selector = body.get("nodeSelector");
            if (selector != null && selector.isObject()) {
                for (Map.Entry<String, JsonNode> entry : selector.entries()) {
                    if (!entry.getValue().isString()) {
                        throw new InvalidBodyException("nodeSelector." + entry.getKey() + " must be a string");
                    }
                }
            }
            JsonNode batchSize = body.get("batchSize");
            if (batchSize != null && batchSize.isNumber() && !isInt(batchSize.getNumberValue())) {
                throw new InvalidBodyException("batchSize must be an integer");
            }
        }
        return bodies.read(body, CreateTaskRequest.class).toNewTask();
    }

    /** A query parameter that must be an integer when present. */
    public static Integer integer(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new PrewarmValidationException(name, name + " must be an integer, got \"" + value + "\"");
        }
    }

    private static void strings(JsonNode array, String field) {
        if (array == null || !array.isArray()) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isString()) {
                throw new InvalidBodyException(field + "[" + i + "] must be a string");
            }
        }
    }

    private static boolean isInt(Number number) {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return true;
        }
        if (number instanceof Long l) {
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
        }
        if (number instanceof BigInteger b) {
            return b.bitLength() < 32;
        }
        return false;
    }
}
