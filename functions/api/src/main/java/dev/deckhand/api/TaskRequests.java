package dev.deckhand.api;

import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reads the requests of the node-by-node task routes (prewarm tasks, cleanups) from HTTP: a create body, with types
 * checked down to list elements and selector values (which {@link StrictJson} does not look into), and the list query
 * parameters. Each problem is a 400 naming the field.
 */
@Singleton
public class TaskRequests {

    private final StrictJson bodies;

    public TaskRequests(StrictJson bodies) {
        this.bodies = bodies;
    }

    /**
     * The create body as {@code type}, once {@code nodeSelector}'s values are strings, {@code batchSize} is a 32-bit
     * integer and every element of the lists named is a string.
     */
    public <T> T create(byte[] bytes, Class<T> type, String... stringLists) {
        JsonNode body = bodies.tree(bytes);
        if (body != null && body.isObject()) {
            for (String field : stringLists) {
                strings(body.get(field), field);
            }
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
        return bodies.read(body, type);
    }

    /**
     * A query parameter that must be an integer when present.
     *
     * @param invalid the kind's 400: (field, message) to the exception thrown
     */
    public static Integer integer(String value, String name, BiFunction<String, String, ? extends RuntimeException> invalid) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw invalid.apply(name, name + " must be an integer, got \"" + value + "\"");
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
