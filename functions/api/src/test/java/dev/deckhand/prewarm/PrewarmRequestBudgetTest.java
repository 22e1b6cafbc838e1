package dev.deckhand.prewarm;

import dev.deckhand.images.NodeAgentClient;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import dev.deckhand.tasks.Progress;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The target on a fleet: 1,000 nodes, 2 images, batchSize 50 cost at most 3 requests per node, API server and
 * agents together, with never more than 50 pulls in flight. (bench/ measures the same for speed; this only bounds the
 * count, which does not depend on the machine.)
 */
class PrewarmRequestBudgetTest {

    @Test
    void aThousandNodesTwoImagesBatchesOfFiftyCostAtMostThreeRequestsPerNode() {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1000).controlPlane(false).build());
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                     "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                     "deckhand.agent.namespace", "deckhand",
                     "deckhand.test.counting-agents", "true"))) {
            PrewarmService service = context.getBean(PrewarmService.class);
            PrewarmReconciler reconciler = context.getBean(PrewarmReconciler.class);
            CountingAgentClient agents = (CountingAgentClient) context.getBean(NodeAgentClient.class);
            String id = service.create(new NewPrewarmTask(List.of("busybox:1.36", "registry.example/team/app:3"), 50, Map.of(),
                    null, null, null, null)).id();
            cluster.resetRequestStats();
            cluster.agents().resetRequestCount();

            Instant giveUp = Instant.now().plusSeconds(120);
            while (!service.get(id).effectivePhase().finished() && Instant.now().isBefore(giveUp)) {
                PrewarmReconcileResult pass = reconciler.reconcile(Instant.now().plusSeconds(30));
                assertTrue(pass.converged(), pass.describe());
            }
            long apiRequests = cluster.requestStats().total();
            long agentRequests = cluster.agents().requestCount();
            PrewarmTask done = service.get(id);
            assertEquals("completed", done.status().phase());
            assertEquals(new Progress(1000, 1000, 0, 20, 20, 100.0), done.status().progress());
            assertEquals(2000, agentRequests, "one pull per node and image, nothing else");
            double perNode = (apiRequests + agentRequests) / 1000.0;
            assertTrue(perNode <= 3.0, "requests per node " + perNode + ": " + cluster.requestStats());
            assertTrue(agents.maxInFlight() <= 50, "in flight " + agents.maxInFlight());
            System.out.printf("prewarm nodes=1000 batches=20 requests=%d requests_per_node=%.3f max_in_flight=%d%n",
                    apiRequests + agentRequests, perNode, agents.maxInFlight());
        }
    }
}
