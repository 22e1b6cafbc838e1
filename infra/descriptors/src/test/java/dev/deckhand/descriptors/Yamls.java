package dev.deckhand.descriptors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Small, strict accessors over parsed YAML (maps, lists, scalars). */
final class Yamls {

    private Yamls() {
    }

    /** The value at a path of map keys; null when any step is absent or not a map. */
    static Object at(Object root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }

    static List<Object> list(Object value) {
        if (value == null) {
            return new ArrayList<>();
        }
        if (!(value instanceof List<?> list)) {
            throw new AssertionError("expected a sequence, found " + value);
        }
        return new ArrayList<>(list);
    }

    static List<Map<String, Object>> maps(Object value) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object item : list(value)) {
            maps.add(map(item));
        }
        return maps;
    }

    static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        for (Object item : list(value)) {
            strings.add(Objects.toString(item));
        }
        return strings;
    }

    static String str(Object value) {
        return value == null ? null : value.toString();
    }

    /** Every scalar reachable from a value, with its path, for walks such as "no wildcard anywhere". */
    static void walk(Object value, String path, java.util.function.BiConsumer<String, Object> visitor) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, visitor));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", visitor);
            }
        } else {
            visitor.accept(path, value);
        }
    }
}
