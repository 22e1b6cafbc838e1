package dev.deckhand.apps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppValidationTest {

    static final String SEED = """
            containers:
              - name: nginx
                image: "nginx:latest"
                ports:
                  - name: default
                    port: 80
                gpu: 'nvidia/gpu'
                volumeMounts:
                  - name: mydata
                    mountPath: /mydata
                    readOnly: true
            volumes:
              - name: mydata
                size: 1Gi
            """;

    private final AppValidation validation = new AppValidation(AppSettings.defaults());

    @Test
    void theSeedsExampleIsValid() {
        ValidApp valid = validation.validate("web", new ServiceDocument("My NGINX Service", SEED, "nginx", 80));
        assertEquals("nvidia/gpu", valid.spec().containers().get(0).gpu());
        assertEquals("1Gi", valid.spec().volumes().get(0).size());
        assertEquals(80, AppValidation.exposedPort(valid));
    }

    @Test
    void theOptionalAdditionsAreRead() {
        String yaml = """
                replicas: 2
                containers:
                  - name: app
                    image: registry.example.com/team/app@sha256:0123456789012345678901234567890123456789012345678901234567890123
                    ports: [{name: http, port: 8080}, {name: admin, port: 9090}]
                    env: [{name: MODE, value: prod}]
                    resources: {requests: {cpu: 250m, memory: 128Mi}, limits: {cpu: "1", memory: 256Mi}}
                    readinessProbe: {path: /healthz, port: 8080, periodSeconds: 5}
                """;
        ValidApp valid = validation.validate("app", new ServiceDocument(null, yaml, "app", 9090));
        assertEquals(2, valid.spec().replicas());
        assertEquals(9090, AppValidation.exposedPort(valid));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "port: 80|port: 0|containers[0].ports[0].port",
            "port: 80|port: 65536|containers[0].ports[0].port",
            "port: 80|port: eighty|containers[0].ports[0].port",
            "name: default|name: Default|containers[0].ports[0].name",
            "name: nginx|name: -nginx|containers[0].name",
            "nginx:latest|NGINX:latest|containers[0].image",
            "gpu: 'nvidia/gpu'|gpu: 'tpu'|containers[0].gpu",
            "size: 1Gi|size: 1000Gi|volumes[0].size",
            "size: 1Gi|size: 0Mi|volumes[0].size",
            "size: 1Gi|size: 1G|volumes[0].size",
            "size: 1Gi|size: 1|volumes[0].size",
            "mountPath: /mydata|mountPath: mydata|containers[0].volumeMounts[0].mountPath",
            "mountPath: /mydata|mountPath: /a/../b|containers[0].volumeMounts[0].mountPath",
            "readOnly: true|readOnly: yes please|containers[0].volumeMounts[0].readOnly",
            "readOnly: true|readOnly: true\\n        hostPath: /|containers[0].volumeMounts[0]",
            "gpu: 'nvidia/gpu'|privileged: true|containers[0]",
            "volumes:|namespace: kube-system\\nvolumes:|namespace",
    })
    void problemsNameTheirField(String from, String to, String field) {
        String yaml = SEED.replace(from, to.replace("\\n", "\n"));
        AppValidationException e = assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", yaml, null, null)));
        assertTrue(e.field().startsWith(field), field + " expected, got " + e.getMessage());
    }

    @Test
    void aMountMustNameADeclaredVolume() {
        String yaml = SEED.replace("volumes:\n  - name: mydata\n    size: 1Gi\n", "");
        AppValidationException e = assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", yaml, null, null)));
        assertEquals("containers[0].volumeMounts[0].name", e.field());
    }

    @Test
    void portsAndNamesAreUniqueInThePod() {
        String twoContainers = SEED + "replicas: 1\n";
        String second = """
                  - name: sidecar
                    image: busybox
                    ports:
                      - name: default
                        port: 81
                """;
        String yaml = twoContainers.replace("volumes:", second + "volumes:");
        AppValidationException e = assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", yaml, null, null)));
        assertEquals("containers[1].ports[0].name", e.field());
        String samePort = twoContainers.replace("volumes:", second.replace("name: default", "name: other")
                .replace("port: 81", "port: 80") + "volumes:");
        assertEquals("containers[1].ports[0].port", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", samePort, null, null))).field());
    }

    @Test
    void exposureNamesADeclaredContainerAndPort() {
        assertEquals("exposed_service", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", SEED, "web", 80))).field());
        assertEquals("exposed_port", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", SEED, "nginx", 443))).field());
        assertEquals("exposed_service", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", SEED, null, 80))).field());
        assertEquals(80, AppValidation.exposedPort(validation.validate("web", new ServiceDocument("x", SEED, "nginx", null))));
    }

    @Test
    void optionalAdditionsAreChecked() {
        String base = SEED.replace("    gpu: 'nvidia/gpu'\n", "");
        assertEquals("containers[0].resources.requests.cpu", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", base.replace("volumeMounts:",
                        "resources: {requests: {cpu: 2}, limits: {cpu: 1}}\n    volumeMounts:"), null, null))).field());
        assertEquals("containers[0].resources.limits.memory", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", base.replace("volumeMounts:",
                        "resources: {limits: {memory: lots}}\n    volumeMounts:"), null, null))).field());
        assertEquals("containers[0].readinessProbe.port", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", base.replace("volumeMounts:",
                        "readinessProbe: {path: /, port: 81}\n    volumeMounts:"), null, null))).field());
        assertEquals("containers[0].env[1].name", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", base.replace("volumeMounts:",
                        "env: [{name: A, value: x}, {name: A, value: y}]\n    volumeMounts:"), null, null))).field());
        assertEquals("replicas", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", base + "replicas: 11\n", null, null))).field());
    }

    @Test
    void idsAndEmptyDocumentsAreRefused() {
        assertEquals("id", assertThrows(AppValidationException.class,
                () -> validation.validate("Web", new ServiceDocument("x", SEED, null, null))).field());
        assertEquals("id", assertThrows(AppValidationException.class,
                () -> validation.validate("a".repeat(39), new ServiceDocument("x", SEED, null, null))).field());
        assertEquals("deployment", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", " ", null, null))).field());
        assertEquals("containers", assertThrows(AppValidationException.class,
                () -> validation.validate("web", new ServiceDocument("x", "containers: []", null, null))).field());
    }
}
