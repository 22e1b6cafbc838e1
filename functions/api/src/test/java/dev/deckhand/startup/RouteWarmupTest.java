package dev.deckhand.startup;

import dev.deckhand.auth.TestTokens;
import dev.deckhand.nodes.NodesController;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route warm-up in a context started as production starts it (no test environment): Micronaut announces the
 * start just before it marks the context running, and the warm-up must still make the beans behind GET /get/nodes
 * without any request asking for them. (It used to give up at once in most starts, seeing a context not yet running.)
 */
class RouteWarmupTest {

    @Test
    void theBeansBehindTheFirstRouteAreMadeWithoutARequest() throws InterruptedException {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).simulator(false).build());
             ApplicationContext context = ApplicationContext.builder()
                     .deduceEnvironment(false)
                     .properties(Map.of(
                             "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                             "deckhand.auth.jwt-secret", TestTokens.SECRET))
                     .start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (context.getActiveBeanRegistrations(NodesController.class).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(context.getActiveBeanRegistrations(NodesController.class).size() == 1,
                    "the warm-up did not make NodesController within 20 s");
        }
    }
}
