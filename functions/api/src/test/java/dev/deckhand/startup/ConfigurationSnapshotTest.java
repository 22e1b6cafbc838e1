package dev.deckhand.startup;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.file.DefaultFileSystemResourceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigurationSnapshotTest {

    private static final String YAML = """
            micronaut:
              server:
                port: ${SERVER_PORT:PORT:8080}
                max-request-size: 1MB
              security:
                reject-not-found: false
                intercept-url-map:
                  - pattern: /swagger/**
                    access: [isAnonymous()]
                  - pattern: /prometheus
                    access: [admin]
            deckhand:
              retries: 3
              ratio: 0.5
            """;

    @Test
    void theSnapshotHoldsWhatMicronautsYamlLoaderReads(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("application.yml"), YAML);
        PropertySource yaml = new YamlPropertySourceLoader().load("application", new DefaultFileSystemResourceLoader(dir)).orElseThrow();

        PropertySource snapshot = ConfigurationSnapshot.read(new ByteArrayInputStream(ConfigurationSnapshot.write(dir)));

        assertEquals(yaml.getName(), snapshot.getName());
        assertEquals(yaml.getOrder(), snapshot.getOrder());
        assertEquals(yaml.getOrigin().location(), snapshot.getOrigin().location());
        assertEquals(asMap(yaml), asMap(snapshot));
        assertEquals(List.of("/swagger/**", "/prometheus"),
                ((List<?>) snapshot.get("micronaut.security.intercept-url-map")).stream().map(rule -> ((Map<?, ?>) rule).get("pattern")).toList());
    }

    @Test
    void aContextReadsTheSnapshotAsItReadsTheFileAndTheEnvironmentStillOverridesIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("application.yml"), YAML);
        PropertySource snapshot = ConfigurationSnapshot.read(new ByteArrayInputStream(ConfigurationSnapshot.write(dir)));
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(snapshot)
                .properties(Map.of("deckhand.retries", "5"))
                .start()) {
            assertEquals("1MB", context.getRequiredProperty("micronaut.server.max-request-size", String.class));
            assertEquals(0.5, context.getRequiredProperty("deckhand.ratio", Double.class));
            assertEquals(false, context.getRequiredProperty("micronaut.security.reject-not-found", Boolean.class));
            assertEquals("/prometheus", context.getRequiredProperty("micronaut.security.intercept-url-map[1].pattern", String.class));
            assertEquals(5, context.getRequiredProperty("deckhand.retries", Integer.class));
        }
    }

    @Test
    void aSnapshotHoldingAnythingButPlainDataIsRefused() throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("list", new ArrayList<>(List.of(Path.of("/etc/passwd").toFile())));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeUTF("application");
            objects.writeUTF("application.yml");
            objects.writeInt(-300);
            objects.writeObject(values);
        }
        assertThrows(InvalidClassException.class, () -> ConfigurationSnapshot.read(new ByteArrayInputStream(bytes.toByteArray())));
    }

    private static Map<String, Object> asMap(PropertySource source) {
        Map<String, Object> map = new LinkedHashMap<>();
        source.forEach(key -> map.put(key, source.get(key)));
        return map;
    }
}
