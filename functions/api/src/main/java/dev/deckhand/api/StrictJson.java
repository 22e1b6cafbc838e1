package dev.deckhand.api;

import com.fasterxml.jackson.annotation.JsonProperty;
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
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a request body into a record, refusing JSON of the wrong type for a field instead of coercing
 * it ({@code 5}, {@code true} or {@code ["x"]} are not strings), then validates the record's constraints.
 * The serde binder alone would quietly turn such values into strings.
 */
@Singleton
public class StrictJson {

    private final JsonMapper mapper;
    private final Validator validator;

    public StrictJson(JsonMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    public <T> T read(JsonNode body, Class<T> type) {
        if (body == null || !body.isObject()) {
            throw new InvalidBodyException("request body must be a JSON object");
        }
        checkTypes(body, type, "");
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

    private static void checkTypes(JsonNode object, Class<?> type, String prefix) {
        Optional<BeanIntrospection<Object>> introspection = BeanIntrospector.SHARED.findIntrospection((Class<Object>) type);
        if (introspection.isEmpty()) {
            return;
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
                checkTypes(value, expected, field + ".");
            }
        }
    }

    private static void require(boolean ok, String field, String what) {
        if (!ok) {
            throw new InvalidBodyException(field + " must be " + what);
        }
    }
}
