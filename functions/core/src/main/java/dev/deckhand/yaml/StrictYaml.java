package dev.deckhand.yaml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads user-written YAML (or JSON) documents into records, strictly: unknown keys, duplicate keys, a string
 * where a number belongs (or the reverse), and trailing documents are errors that name the field path
 * ({@code containers[0].ports[1].port}). Aliases are never expanded (the streaming parser sees them as plain
 * scalars, so an alias bomb is a type error, not a memory blow-up); nesting depth and size are capped. Records describe the accepted shape; a key that is not a record component does not exist.
 */
public final class StrictYaml {

    /** Largest document accepted, in characters. */
    public static final int MAX_CHARS = 256 * 1024;

    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
            .loaderOptions(loaderOptions()).build()).build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());

    private StrictYaml() {
    }

    /** Parses YAML text into {@code type}; a problem is a {@link YamlDocumentException} naming the field. */
    public static <T> T read(String yaml, Class<T> type) {
        return read(YAML, yaml, type);
    }

    /** Parses JSON text into {@code type}, with the same strictness as {@link #read(String, Class)}. */
    public static <T> T readJson(String json, Class<T> type) {
        return read(JSON, json, type);
    }

    private static <T> T read(ObjectMapper mapper, String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw new YamlDocumentException("", "the document is empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new YamlDocumentException("", "the document is larger than " + MAX_CHARS + " characters");
        }
        try {
            T value = mapper.readValue(text, type);
            if (value == null) {
                throw new YamlDocumentException("", "the document is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            throw new YamlDocumentException(path(e), "unknown field '" + e.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")"));
        } catch (JsonMappingException e) {
            if (syntaxError(e)) {
                throw new YamlDocumentException(path(e), "not valid YAML: " + firstLine(e.getCause().getMessage()));
            }
            throw new YamlDocumentException(path(e), problem(e));
        } catch (JacksonException e) {
            throw new YamlDocumentException("", "not valid YAML: " + problem(e) + where(e.getLocation()));
        } catch (RuntimeException e) {
            // SnakeYAML's own limits (aliases, depth, size) surface as its unchecked exceptions.
            throw new YamlDocumentException("", "not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static boolean syntaxError(JsonMappingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.YAMLException
                    || t instanceof com.fasterxml.jackson.core.JsonParseException) {
                return true;
            }
        }
        return false;
    }

    /** Field path of a mapping problem: {@code a.b[2].c}. */
    static String path(JsonMappingException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName()
                : ref.getIndex() >= 0 ? "[" + ref.getIndex() + "]" : "").collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String problem(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "unreadable";
        }
        // Jackson names Java types ("java.lang.Integer", "`int`"); users wrote YAML, so say what it expected.
        return firstLine(message)
                .replaceAll("`java\\.lang\\.(Integer|Long|Short)`|`(int|long|short)`", "an integer")
                .replaceAll("`java\\.lang\\.Boolean`|`boolean`", "true or false")
                .replaceAll("`java\\.lang\\.String`", "a string")
                .replaceAll("`java\\.util\\.(List|ArrayList)(<[^>]*>)?`", "a list")
                .replaceAll("`dev\\.deckhand\\.[\\w.$]+`", "a mapping")
                .replaceAll(" \\(for Object starting at [^)]*\\)", "");
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

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(MAX_CHARS);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }
}
