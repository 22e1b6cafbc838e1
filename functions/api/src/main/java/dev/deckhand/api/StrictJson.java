package dev.deckhand.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.deckhand.text.UserText;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one reader of every JSON request body. The body's bytes must be UTF-8 (invalid or overlong sequences are
 * refused, never decoded leniently), hold exactly one JSON value (anything after it is refused) with no key twice in an
 * object, and every key and string obey {@link UserText} (a string may span lines; the fields that must be one line
 * say so themselves). {@link #read(byte[], Class)} then binds a record: a field the record does not have is refused,
 * and so is JSON of the wrong type for a field ({@code 5}, {@code true} or {@code ["x"]} are not strings, which the
 * serde binder alone would quietly turn into strings); then the record's constraints are validated. Every problem is
 * an {@link InvalidBodyException} (400) naming the field.
 */
@Singleton
public class StrictJson {

    private static final ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonMapper mapper;
    private final Validator validator;

    public StrictJson(JsonMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** The body as text, decoded as strict UTF-8. */
    public static String text(byte[] body) {
        if (body == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidBodyException("request body is not valid UTF-8");
        }
    }

    /** The body's JSON text, once checked as the class comment says (for routes that bind with a reader of their own). */
    public String json(byte[] body) {
        String text = text(body);
        if (text.isBlank()) {
            throw InvalidBodyException.emptyBody();
        }
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = STRICT.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidBodyException("Invalid JSON: " + problem(e) + where(e.getLocation()));
        }
        checkText(tree, "");
        return text;
    }

    /** The body as a JSON tree, once checked as the class comment says. */
    public JsonNode tree(byte[] body) {
        String text = json(body);
        try {
            return mapper.readValue(text, Argument.of(JsonNode.class));
        } catch (IOException e) {
            throw new InvalidBodyException("Invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** The body as a {@code type} record. */
    public <T> T read(byte[] body, Class<T> type) {
        return read(tree(body), type);
    }

    /** A tree read by {@link #tree(byte[])} as a {@code type} record. */
    public <T> T read(JsonNode body, Class<T> type) {
        if (body == null || !body.isObject()) {
            throw new InvalidBodyException("request body must be a JSON object");
        }
        checkFields(body, type, "");
        T value;
        try {
            value = mapper.readValueFromTree(body, Argument.of(type));
        } catch (IOException e) {
            throw new InvalidBodyException("request body does not match the expected fields: " + e.getMessage());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return value;
    }

    private static void checkText(com.fasterxml.jackson.databind.JsonNode node, String at) {
        if (node.isTextual()) {
            UserText.documentProblem(node.textValue()).ifPresent(problem -> {
                throw new InvalidBodyException(name(at) + " " + problem);
            });
        } else if (node.isObject()) {
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field : node.properties()) {
                String path = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
                UserText.problem(field.getKey()).ifPresent(problem -> {
                    throw new InvalidBodyException("a field name in " + name(at) + " " + problem);
                });
                checkText(field.getValue(), path);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkText(node.get(i), at + "[" + i + "]");
            }
        }
    }

    private static String name(String at) {
        return at.isEmpty() ? "the request body" : at;
    }

    /** Every field of {@code object} must be a property of {@code type}, with a JSON type that fits it. */
    private static void checkFields(JsonNode object, Class<?> type, String prefix) {
        Optional<BeanIntrospection<Object>> introspection = BeanIntrospector.SHARED.findIntrospection((Class<Object>) type);
        if (introspection.isEmpty()) {
            return;
        }
        Set<String> known = new LinkedHashSet<>();
        for (BeanProperty<Object, Object> property : introspection.get().getBeanProperties()) {
            known.add(property.stringValue(JsonProperty.class).orElse(property.getName()));
        }
        for (Map.Entry<String, JsonNode> entry : object.entries()) {
            if (!known.contains(entry.getKey())) {
                throw new InvalidBodyException(prefix + entry.getKey() + ": unknown field (known: " + String.join(", ", known) + ")");
            }
        }
        for (BeanProperty<Object, Object> property : introspection.get().getBeanProperties()) {
            String name = property.stringValue(JsonProperty.class).orElse(property.getName());
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            String field = prefix + name;
            Class<?> expected = property.getType();
            if (CharSequence.class.isAssignableFrom(expected) || expected.isEnum()) {
                require(value.isString(), field, "a string");
            } else if (expected == boolean.class || expected == Boolean.class) {
                require(value.isBoolean(), field, "true or false");
            } else if (expected.isPrimitive() || Number.class.isAssignableFrom(expected)) {
                require(value.isNumber(), field, "a number");
            } else if (Collection.class.isAssignableFrom(expected) || expected.isArray()) {
                require(value.isArray(), field, "an array");
            } else if (Map.class.isAssignableFrom(expected)) {
                require(value.isObject(), field, "an object");
            } else {
                require(value.isObject(), field, "an object");
                checkFields(value, expected, field + ".");
            }
        }
    }

    private static void require(boolean ok, String field, String what) {
        if (!ok) {
            throw new InvalidBodyException(field + " must be " + what);
        }
    }

    /**
     * What is wrong with the text, in words of its own: Jackson's messages quote the source ({@code [Source: ...]}),
     * the class a value was bound as and its feature flags, which are no business of a client's.
     */
    static String problem(JacksonException e) {
        if (e instanceof JsonEOFException) {
            return "the body ends inside a JSON value";
        }
        if (e instanceof MismatchedInputException && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return "more content after the JSON value";
        }
        String message = firstLine(e.getOriginalMessage());
        int internals = message.indexOf(" (start marker at");
        return internals < 0 ? message : message.substring(0, internals);
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
