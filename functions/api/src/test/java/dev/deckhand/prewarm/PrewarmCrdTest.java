package dev.deckhand.prewarm;

import dev.deckhand.rollout.RolloutStrategy;
import dev.deckhand.tasks.FailedNode;
import dev.deckhand.tasks.NodeEntry;
import dev.deckhand.tasks.Progress;
import dev.deckhand.tasks.TaskPhase;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** infra/k8s/crds/prewarmtasks.deckhand.dev.yaml against the code that reads and writes the resource. */
class PrewarmCrdTest {

    private static final Path CRD = Path.of("../../infra/k8s/crds/prewarmtasks.deckhand.dev.yaml");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String... path) {
        Object current = value;
        for (String key : path) {
            assertNotNull(current, String.join(".", path));
            current = ((Map<String, Object>) current).get(key);
        }
        return (Map<String, Object>) current;
    }

    private static Set<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> properties(Map<String, Object> schema) {
        return new TreeSet<>(map(schema, "properties").keySet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCrdNamesWhatTheStoreUsesAndItsSchemaEveryFieldTheCodeWrites() throws IOException {
        Map<String, Object> crd;
        try (Reader reader = Files.newBufferedReader(CRD)) {
            crd = new Yaml().load(reader);
        }
        assertEquals("apiextensions.k8s.io/v1", crd.get("apiVersion"));
        assertEquals(KubernetesPrewarmStore.PLURAL + "." + KubernetesPrewarmStore.GROUP, map(crd, "metadata").get("name"));
        Map<String, Object> spec = map(crd, "spec");
        assertEquals(KubernetesPrewarmStore.GROUP, spec.get("group"));
        assertEquals("Namespaced", spec.get("scope"));
        assertEquals(KubernetesPrewarmStore.PLURAL, map(spec, "names").get("plural"));
        assertEquals(KubernetesPrewarmStore.KIND, map(spec, "names").get("kind"));
        List<Map<String, Object>> versions = (List<Map<String, Object>>) spec.get("versions");
        assertEquals(1, versions.size());
        Map<String, Object> v1 = versions.get(0);
        assertEquals(KubernetesPrewarmStore.VERSION, v1.get("name"));
        assertEquals(Map.of(), map(v1, "subresources", "status"), "status is written through its subresource");

        Map<String, Object> root = map(v1, "schema", "openAPIV3Schema");
        Map<String, Object> specSchema = map(root, "properties", "spec");
        Map<String, Object> statusSchema = map(root, "properties", "status");
        assertEquals(components(PrewarmSpec.class), properties(specSchema));
        assertEquals(components(PrewarmStatus.class), properties(statusSchema));
        assertEquals(components(NodeEntry.class), properties(map(statusSchema, "properties", "nodes", "items")));
        assertEquals(components(Progress.class), properties(map(statusSchema, "properties", "progress")));
        assertEquals(components(FailedNode.class), properties(map(statusSchema, "properties", "failedNodeDetails", "items")));
        assertEquals(Arrays.stream(TaskPhase.values()).map(TaskPhase::wire).toList(),
                map(statusSchema, "properties", "phase").get("enum"));
        assertEquals(Arrays.stream(PullMode.values()).map(PullMode::wire).toList(), map(specSchema, "properties", "mode").get("enum"));
        assertEquals(Arrays.stream(RolloutStrategy.values()).map(RolloutStrategy::wire).toList(),
                map(specSchema, "properties", "strategy").get("enum"));
        assertEquals("integer", map(specSchema, "properties", "batchSize").get("type"));

        List<Map<String, Object>> columns = (List<Map<String, Object>>) v1.get("additionalPrinterColumns");
        assertTrue(columns.size() >= 6);
        for (Map<String, Object> column : columns) {
            String jsonPath = (String) column.get("jsonPath");
            if (jsonPath.startsWith(".metadata.")) {
                continue;
            }
            Map<String, Object> at = root;
            for (String part : jsonPath.substring(1).split("\\.")) {
                at = map(at, "properties", part);
                assertNotNull(at, "printer column " + column.get("name") + " points at " + jsonPath + ", which the schema lacks");
            }
        }
    }
}
