package dev.deckhand.startup;

import dev.deckhand.auth.TestTokens;
import dev.deckhand.nodes.KubernetesNodeDirectory;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.kubernetes.client.openapi.ApiClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The server started as production starts it (no test environment) makes the cluster client as soon as it listens,
 * before any request asks for it.
 */
class ClusterClientHeadStartTest {

    @Test
    void theClusterClientIsMadeOnceTheServerListensWithoutARequest() throws InterruptedException {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).simulator(false).build());
             EmbeddedServer server = ApplicationContext.builder()
                     .deduceEnvironment(false)
                     .properties(Map.of(
                             "micronaut.server.port", -1,
                             "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                             "deckhand.auth.jwt-secret", TestTokens.SECRET))
                     .run(EmbeddedServer.class)) {
            ApplicationContext context = server.getApplicationContext();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (context.getActiveBeanRegistrations(KubernetesNodeDirectory.class).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, context.getActiveBeanRegistrations(KubernetesNodeDirectory.class).size(),
                    "no node directory 20 s after the server started");
            assertEquals(1, context.getActiveBeanRegistrations(ApiClient.class).size());
        }
    }
}
