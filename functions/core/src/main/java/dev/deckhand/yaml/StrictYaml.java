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
import dev.deckhand.text.UserText;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads user-written YAML (or JSON) documents into records, strictly: unknown keys, duplicate keys, a string
 * where a number belongs (or the reverse), and trailing documents are errors that name the field path
 * ({@code containers[0].ports[1].port}). Anchors, aliases, merge keys and tags beyond the core schema's are refused
 * with their line and column, and so is text {@link UserText} refuses; nesting depth and size are capped. Records describe the accepted shape; a key that is not a record component does not exist.
 */
public final class StrictYaml {

    /** Largest document accepted, in characters. */
    public static final int MAX_CHARS = 256 * 1024;

    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
            .loaderOptions(loaderOptions()).build()).build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    private static final Set<String> CORE_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq").stream()
            .map(t -> "tag:yaml.org,2002:" + t).collect(Collectors.toSet());

    private StrictYaml() {
    }

    /** Parses YAML text into {@code type}; a problem is a {@link YamlDocumentException} naming the field. */
    public static <T> T read(String yaml, Class<T> type) {
        if (yaml != null && yaml.length() <= MAX_CHARS) {
            refuseBeyondCoreSchema(yaml);
        }
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
        UserText.documentProblem(text).ifPresent(problem -> {
            throw new YamlDocumentException("", "the document " + problem);
        });
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

    /**
     * Refuses what YAML offers beyond plain data in the core schema: anchors, aliases and merge keys (one node that
     * stands for another makes a document say something other than what it reads as, and an alias bomb out of a few
     * lines) and every tag but the core schema's ({@code !!str}, {@code !!int}...). The problem names its line and column.
     */
    private static void refuseBeyondCoreSchema(String yaml) {
        if (!yaml.contains("&") && !yaml.contains("*") && !yaml.contains("<<") && !yaml.contains("!")) {
            return;
        }
        try {
            for (Event event : new Yaml(loaderOptions()).parse(new StringReader(yaml))) {
                if (event instanceof AliasEvent alias) {
                    throw beyond(event.getStartMark(), "an alias (*" + alias.getAnchor() + ")");
                }
                if (event instanceof NodeEvent node && node.getAnchor() != null) {
                    throw beyond(event.getStartMark(), "an anchor (&" + node.getAnchor() + ")");
                }
                String tag = event instanceof ScalarEvent scalar ? scalar.getTag()
                        : event instanceof CollectionStartEvent collection ? collection.getTag() : null;
                if (tag != null && !tag.equals("!") && !CORE_TAGS.contains(tag)) {
                    throw beyond(event.getStartMark(), "the tag " + tag + " (only the core schema's tags are allowed)");
                }
                if (event instanceof ScalarEvent scalar && scalar.getValue().equals("<<") && scalar.isPlain()) {
                    throw beyond(event.getStartMark(), "a merge key (<<)");
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new YamlDocumentException("", "not valid YAML: " + firstLine(e.getProblem())
                    + (mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")"));
        }
    }

    private static YamlDocumentException beyond(Mark mark, String what) {
        return new YamlDocumentException("", "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
                + what + " is not allowed: write the value out");
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
