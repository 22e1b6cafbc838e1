package dev.deckhand.startup;

import dev.deckhand.auth.TestTokens;
import dev.deckhand.http.PooledConnections;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.kubernetes.client.openapi.ApiClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SnapStart hooks called directly, as the Lambda runtime would around a snapshot (no CRaC JVM here): what they
 * prime before it and what they drop after a restore, against the sandbox cluster.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapStartHooksTest implements TestPropertyProvider {

    private SandboxCluster cluster;

    @Inject
    ApplicationContext context;
    @Inject
    EmbeddedServer server;
    @Inject
    SnapStartHooks hooks;
    @Inject
    ApiClient kubernetes;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).simulator(false).build());
        return Map.of("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private int getNodes() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.getURL() + "/get/nodes"))
                .header("Authorization", TestTokens.bearer(TestTokens.admin())).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private int pooledKubernetesConnections() {
        return kubernetes.getHttpClient().connectionPool().connectionCount();
    }

    @Test
    void primingAnswersAProbeThroughTheLambdaHandler() {
        assertEquals(200, hooks.prime());
    }

    @Test
    void beforeTheCheckpointNoConnectionIsLeftInTheSnapshot() throws Exception {
        assertEquals(200, getNodes());
        assertTrue(pooledKubernetesConnections() > 0, "the call left a pooled connection to the API server");
        hooks.beforeCheckpoint(null);
        assertEquals(0, pooledKubernetesConnections());
    }

    @Test
    void afterARestoreConnectionsAreDroppedAndTheNextRequestConnectsAnew() throws Exception {
        AtomicInteger dropped = new AtomicInteger();
        context.registerSingleton(PooledConnections.class, dropped::incrementAndGet);
        assertEquals(200, getNodes());
        assertTrue(pooledKubernetesConnections() > 0, "the call left a pooled connection to the API server");

        hooks.afterRestore(null);

        assertEquals(0, pooledKubernetesConnections(), "the snapshotted process's connections to the API server are closed");
        assertEquals(1, dropped.get(), "every client with pooled connections dropped them");
        assertEquals(200, getNodes(), "the first request after the restore connects again");
    }
}
