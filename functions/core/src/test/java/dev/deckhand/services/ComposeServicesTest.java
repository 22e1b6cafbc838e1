package dev.deckhand.services;

import dev.deckhand.yaml.YamlDocumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComposeServicesTest {

    @Test
    void aComposeFileReadsIntoSpecs() {
        Map<String, ServiceSpec> specs = ComposeServices.parse("""
                services:
                  web:
                    image: nginx:1.27
                    ports: ["30080:80", 443]
                    environment: {MODE: prod, WORKERS: 4, DEBUG: false}
                    deploy: {replicas: 3}
                    command: nginx -g 'daemon off;'
                  job:
                    image: busybox
                    command: [sh, -c, "echo hi"]
                """, 30000, 32767);
        assertEquals(List.of("web", "job"), List.copyOf(specs.keySet()));
        ServiceSpec web = specs.get("web");
        assertEquals(3, web.replicas());
        assertEquals(List.of(new PortMapping(80, 30080), new PortMapping(443, null)), web.ports());
        assertEquals(Map.of("MODE", "prod", "WORKERS", "4", "DEBUG", "false"), web.environment());
        assertEquals(List.of("sh", "-c", "echo hi"), specs.get("job").command());
        assertEquals(1, specs.get("job").replicas());
        assertTrue(specs.get("job").ports().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\u0000', value = {
            "services: {web: {image: nginx, restart: always}}|services.web.restart",
            "services: {web: {image: nginx, deploy: {replicas: 2, resources: {}}}}|services.web.deploy.resources",
            "{version: '3', services: {web: {image: nginx}}}|version",
            "services: {web: {ports: [80]}}|services.web.image",
            "services: {web: {image: 'Bad Image'}}|services.web.image",
            "services: {web: {image: nginx, ports: ['80:80']}}|services.web.ports[0]",
            "services: {web: {image: nginx, ports: ['x']}}|services.web.ports[0]",
            "services: {web: {image: nginx, deploy: {replicas: -1}}}|services.web.deploy.replicas",
            "services: {Web_1: {image: nginx}}|services.Web_1",
            "services: {web: {image: nginx, environment: {A: [1]}}}|services.web.environment.A",
            "services: {web: {image: nginx, command: [1]}}|services.web.command[0]",
            "services: {a: {image: nginx, ports: ['30080:80']}, b: {image: nginx, ports: ['30080:81']}}|services.b.ports[0]",
            "other: 1|other"})
    void unsupportedOrWrongKeysAreReportedWithTheirPath(String yaml, String path) {
        YamlDocumentException e = assertThrows(YamlDocumentException.class, () -> ComposeServices.parse(yaml.replace("\\n", "\n"), 30000, 32767));
        assertEquals(path, e.path(), e.getMessage());
    }
}
