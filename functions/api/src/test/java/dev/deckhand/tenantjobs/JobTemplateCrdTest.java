package dev.deckhand.tenantjobs;

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

/** infra/k8s/crds/jobtemplates.deckhand.dev.yaml against the store that reads and writes the resource. */
class JobTemplateCrdTest {

    private static final Path CRD = Path.of("../../infra/k8s/crds/jobtemplates.deckhand.dev.yaml");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String... path) {
        Object current = value;
        for (String key : path) {
            assertNotNull(current, String.join(".", path));
            current = ((Map<String, Object>) current).get(key);
        }
        return (Map<String, Object>) current;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCrdNamesWhatTheStoreUsesAndItsSchemaEveryFieldTheStoreWrites() throws IOException {
        Map<String, Object> crd;
        try (Reader reader = Files.newBufferedReader(CRD)) {
            crd = new Yaml().load(reader);
        }
        assertEquals(KubernetesJobTemplateStore.PLURAL + "." + KubernetesJobTemplateStore.GROUP, map(crd, "metadata").get("name"));
        Map<String, Object> spec = map(crd, "spec");
        assertEquals(KubernetesJobTemplateStore.GROUP, spec.get("group"));
        assertEquals("Namespaced", spec.get("scope"));
        assertEquals(KubernetesJobTemplateStore.PLURAL, map(spec, "names").get("plural"));
        assertEquals(KubernetesJobTemplateStore.KIND, map(spec, "names").get("kind"));
        List<Map<String, Object>> versions = (List<Map<String, Object>>) spec.get("versions");
        assertEquals(1, versions.size());
        assertEquals(KubernetesJobTemplateStore.VERSION, versions.get(0).get("name"));
        Map<String, Object> specSchema = map(versions.get(0), "schema", "openAPIV3Schema", "properties", "spec");
        Set<String> written = Arrays.stream(KubernetesJobTemplateStore.Spec.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(written, new TreeSet<>(map(specSchema, "properties").keySet()));
        assertEquals(Set.copyOf((List<String>) specSchema.get("required")), Set.of("tenant", "manifest"));
    }
}
