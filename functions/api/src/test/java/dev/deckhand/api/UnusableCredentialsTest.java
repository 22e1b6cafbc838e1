package dev.deckhand.api;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a kubeconfig the Kubernetes client cannot use (here a client key that is not a key): clear 503s that say the
 * cluster credentials are the problem, never Micronaut's bean path or a stack trace.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnusableCredentialsTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("kubernetes.client.kube-config-path", kubeconfigWithABrokenClientKey().toString());
    }

    @Test
    void routesNeedingTheClusterAnswer503NamingTheCredentials() {
        ApiTestSupport api = new ApiTestSupport(server.getURL(), json);
        api.assertClusterRoutesAnswer503("Kubernetes client could not be set up");
        ApiTestSupport.Answer ready = api.get("/readyz");
        assertEquals(503, ready.status(), ready.body());
        assertTrue(ready.text("error").contains("Kubernetes client could not be set up"), ready.body());
        // Liveness holds: restarting the process would not mend its credentials.
        assertEquals(200, api.get("/healthz").status());
    }

    private static Path kubeconfigWithABrokenClientKey() {
        String notAKey = java.util.Base64.getEncoder().encodeToString("not a key".getBytes());
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: https://127.0.0.1:1
                    insecure-skip-tls-verify: true
                users:
                - name: u
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: x
                  context:
                    cluster: c
                    user: u
                current-context: x
                """.formatted(notAKey, notAKey);
        try {
            Path file = Files.createTempFile("deckhand-unusable", ".kubeconfig");
            file.toFile().deleteOnExit();
            Files.writeString(file, kubeconfig);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
