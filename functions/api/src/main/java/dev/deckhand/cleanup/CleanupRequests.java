package dev.deckhand.cleanup;

import dev.deckhand.api.InvalidBodyException;
import dev.deckhand.api.StrictJson;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.util.Map;

/**
 * Reads cleanup requests from HTTP: the create body (types checked down to list elements and selector values, which
 * {@link StrictJson} does not look into) and the list query parameters. Each problem is a 400 naming the field.
 */
@Singleton
public class CleanupRequests {

    private final StrictJson bodies;

    public CleanupRequests(StrictJson bodies) {
        this.bodies = bodies;
    }

    public NewCleanupTask create(byte[] bytes) {
        JsonNode body = bodies.tree(bytes);
        if (body != null && body.isObject()) {
            strings(body.get("images"), "images");
            strings(body.get("keep"), "keep");
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
        return bodies.read(body, CreateCleanupRequest.class).toNewTask();
    }

    /** A query parameter that must be an integer when present. */
    public static Integer integer(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new CleanupValidationException(name, name + " must be an integer, got \"" + value + "\"");
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
        return number instanceof BigInteger b && b.bitLength() < 32;
    }
}
