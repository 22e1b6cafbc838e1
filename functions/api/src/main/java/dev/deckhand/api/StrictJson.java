package dev.deckhand.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
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
 * an {@link InvalidBodyException} (400) naming the field. The first checks read the text once with jackson-core's
 * streaming parser: no tree, and none of jackson-databind (whose mapper the first request would otherwise build).
 */
@Singleton
public class StrictJson {

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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
        String textProblem;
        try (JsonParser parser = STRICT.createParser(text)) {
            parser.nextToken();
            textProblem = firstTextProblem(parser, "");
            if (parser.nextToken() != null) {
                throw new InvalidBodyException("Invalid JSON: more content after the JSON value" + where(parser.currentTokenLocation()));
            }
        } catch (JacksonException e) {
            throw new InvalidBodyException("Invalid JSON: " + problem(e) + where(e.getLocation()));
        } catch (IOException e) {
            throw new InvalidBodyException("Invalid JSON: " + firstLine(e.getMessage()));
        }
        // Reported once the whole text has parsed: a body that is not JSON at all is told so first.
        if (textProblem != null) {
            throw new InvalidBodyException(textProblem);
        }
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

    /**
     * Reads the value at the parser's current token to its end; the first key or string in it, in document order, that
     * breaks {@link UserText}'s rule, as the words of the 400, or null.
     */
    private static String firstTextProblem(JsonParser parser, String at) throws IOException {
        JsonToken token = parser.currentToken();
        String found = null;
        if (token == JsonToken.VALUE_STRING) {
            found = UserText.documentProblem(parser.getText()).map(problem -> name(at) + " " + problem).orElse(null);
        } else if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (found == null) {
                    found = UserText.problem(key).map(problem -> "a field name in " + name(at) + " " + problem).orElse(null);
                }
                parser.nextToken();
                String inValue = firstTextProblem(parser, at.isEmpty() ? key : at + "." + key);
                found = found != null ? found : inValue;
            }
        } else if (token == JsonToken.START_ARRAY) {
            for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                String inItem = firstTextProblem(parser, at + "[" + i + "]");
                found = found != null ? found : inItem;
            }
        }
        return found;
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
