package dev.deckhand.services;

import dev.deckhand.api.InvalidBodyException;
import dev.deckhand.api.StrictJson;
import io.micronaut.json.tree.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code POST /services} body: {@code {"image": string, "detached": boolean, "publish": boolean or integer}}.
 * The body is read by {@link StrictJson}, not by the framework, so that malformed JSON gets seed 001's 400 like every
 * other bad body.
 */
@Singleton
public class ServiceRequests {

    /** The body as the API docs show it (read by {@link #read}, field by field, so that every problem is seed 001's 400). */
    @Schema(name = "NewService")
    public record Body(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "image reference", example = "nginx:1.27") String image,
            @Schema(description = "false: run to completion as a Job and answer with its outcome", defaultValue = "true") Boolean detached,
            @Schema(description = "true: a node port the cluster assigns; an integer: that node port; false or absent: none",
                    oneOf = {Boolean.class, Integer.class}, example = "30081") Object publish) {
    }

    private static final Set<String> FIELDS = Set.of("image", "detached", "publish");

    private final StrictJson bodies;

    public ServiceRequests(StrictJson bodies) {
        this.bodies = bodies;
    }

    public NewService read(byte[] body) {
        JsonNode tree;
        try {
            tree = bodies.tree(body);
        } catch (InvalidBodyException e) {
            throw new BadServiceRequestException(e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new BadServiceRequestException("the body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : tree.entries()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new BadServiceRequestException("unknown field " + field.getKey());
            }
        }
        JsonNode image = tree.get("image");
        if (image == null || !image.isString() || image.getStringValue().isBlank()) {
            throw new BadServiceRequestException("image must be a non-empty string");
        }
        JsonNode detached = tree.get("detached");
        if (detached != null && !detached.isNull() && !detached.isBoolean()) {
            throw new BadServiceRequestException("detached must be true or false");
        }
        return new NewService(image.getStringValue(), detached == null || detached.isNull() || detached.getBooleanValue(),
                publish(tree.get("publish")));
    }

    private static NewService.Publish publish(JsonNode publish) {
        if (publish == null || publish.isNull()) {
            return null;
        }
        if (publish.isBoolean()) {
            return publish.getBooleanValue() ? NewService.Publish.assigned() : null;
        }
        if (publish.isNumber()) {
            Integer port = integer(publish.getNumberValue());
            if (port != null) {
                return new NewService.Publish(port);
            }
        }
        throw new BadServiceRequestException("publish must be true, false or a node port");
    }

    private static Integer integer(Number number) {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.intValue();
        }
        if (number instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (number instanceof BigInteger b && b.bitLength() < 32) {
            return b.intValue();
        }
        if (number instanceof BigDecimal d) {
            try {
                return d.intValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
