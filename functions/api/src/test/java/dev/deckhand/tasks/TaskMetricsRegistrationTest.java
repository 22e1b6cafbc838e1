package dev.deckhand.tasks;

import dev.deckhand.auth.TestTokens;
import dev.deckhand.cleanup.CleanupMetrics;
import dev.deckhand.prewarm.PrewarmMetrics;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micrometer.core.instrument.MeterRegistry;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The task meters and the meter registry are not made at start-up, yet the first scrape of a process that has touched
 * no task answers every kind's tasks-by-status gauges.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskMetricsRegistrationTest implements TestPropertyProvider {

    private SandboxCluster cluster;

    @Inject
    ApplicationContext context;
    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate());
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void theFirstScrapeOfAFreshProcessShowsEveryKindsTaskGauges() throws Exception {
        assertFalse(context.findBeanRegistration(context.getBeanDefinition(PrewarmMetrics.class)).isPresent(), "made at start-up");
        assertFalse(context.findBeanRegistration(context.getBeanDefinition(CleanupMetrics.class)).isPresent(), "made at start-up");
        assertFalse(context.findBeanRegistration(context.getBeanDefinition(MeterRegistry.class)).isPresent(), "registry made at start-up");

        HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getURL() + "/prometheus"))
                .header("Authorization", "Bearer " + TestTokens.admin()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scrape.statusCode(), scrape.body());
        for (String status : new String[] {"pending", "running", "completed", "failed", "cancelled"}) {
            assertTrue(scrape.body().contains("deckhand_prewarm_tasks{status=\"" + status + "\"}"), scrape.body());
            assertTrue(scrape.body().contains("deckhand_cleanup_tasks{status=\"" + status + "\"}"), scrape.body());
        }
        assertTrue(scrape.body().contains("jvm_memory_used_bytes"), "the JVM's meters are still served");
    }
}
