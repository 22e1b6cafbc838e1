package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies a strategic merge patch, which {@code kubectl apply} sends to update an object and the mock refuses
 * (415). Maps merge key by key, {@code null} removes a key, lists of objects merge element by element on their merge
 * key and {@code "$patch": "delete"} removes an element, other lists are replaced; the other {@code $} directives
 * ({@code $setElementOrder}, {@code $retainKeys}) only order or prune and are left out. The merge key is not read from
 * the Go types, as a real server does, but taken as the first of the keys Kubernetes uses ({@code name},
 * {@code mountPath}, {@code containerPort}, {@code type}, {@code ip}, {@code topologyKey}) that every element has.
 */
final class StrategicMergePatch {

    static final String CONTENT_TYPE = "application/strategic-merge-patch+json";
    private static final List<String> MERGE_KEYS = List.of("name", "mountPath", "containerPort", "type", "ip", "topologyKey");

    private StrategicMergePatch() {
    }

    /** {@code current} with {@code patch} applied; {@code current} is not changed. */
    static JsonNode apply(JsonNode current, JsonNode patch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch;
        }
        ObjectNode result = current instanceof ObjectNode currentObject ? currentObject.deepCopy()
                : patchObject.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patchObject.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.startsWith("$")) {
                continue;
            }
            if (value.isNull()) {
                result.remove(key);
            } else if (value.isObject()) {
                result.set(key, apply(result.get(key), value));
            } else if (value.isArray()) {
                result.set(key, mergeList(result.get(key), (ArrayNode) value));
            } else {
                result.set(key, value);
            }
        }
        return result;
    }

    private static JsonNode mergeList(JsonNode current, ArrayNode patch) {
        String mergeKey = mergeKey(patch);
        if (mergeKey == null || !(current instanceof ArrayNode currentList)) {
            ArrayNode replaced = patch.arrayNode();
            patch.forEach(element -> {
                if (!"delete".equals(element.path("$patch").asText())) {
                    replaced.add(element);
                }
            });
            return replaced;
        }
        ArrayNode result = currentList.deepCopy();
        for (JsonNode element : patch) {
            JsonNode key = element.get(mergeKey);
            int index = indexOf(result, mergeKey, key);
            if ("delete".equals(element.path("$patch").asText())) {
                if (index >= 0) {
                    result.remove(index);
                }
            } else if (index >= 0) {
                result.set(index, apply(result.get(index), element));
            } else {
                result.add(apply(null, element));
            }
        }
        return result;
    }

    private static String mergeKey(ArrayNode list) {
        if (list.isEmpty()) {
            return null;
        }
        for (String key : MERGE_KEYS) {
            boolean everyElement = true;
            for (JsonNode element : list) {
                everyElement &= element.isObject() && element.hasNonNull(key);
            }
            if (everyElement) {
                return key;
            }
        }
        return null;
    }

    private static int indexOf(ArrayNode list, String mergeKey, JsonNode key) {
        for (int i = 0; i < list.size(); i++) {
            if (key.equals(list.get(i).get(mergeKey))) {
                return i;
            }
        }
        return -1;
    }
}
