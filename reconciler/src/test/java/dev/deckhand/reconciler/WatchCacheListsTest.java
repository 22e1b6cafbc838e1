package dev.deckhand.reconciler;

import dev.deckhand.prewarm.NewPrewarmTask;
import dev.deckhand.prewarm.PrewarmService;
import dev.deckhand.sandbox.RequestStats;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every LIST a reconcile pass makes asks for the API server's watch cache ({@code resourceVersion=0}): no quorum read
 * from etcd per pass, however large the cluster. Node agents, services and prewarm tasks of both pull modes and both
 * strategies, from their start to their end.
 */
class WatchCacheListsTest {

    private static final ResourceDefinitionContext TASKS = new ResourceDefinitionContext.Builder()
            .withGroup("deckhand.dev").withVersion("v1").withPlural("prewarmtasks").withKind("PrewarmTask").withNamespaced(true)
            .build();

    @Test
    void everyListOfEveryStepOfAPassIsServedFromTheWatchCache() throws Exception {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(4)
                .tick(Duration.ofMillis(100)).jobRunDuration(Duration.ofMillis(200)).build());
             ApplicationContext context = Sandboxes.reconciler(cluster, Map.of(
                     "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                     "deckhand.reconciler.failures.backoff", "1ms"))) {
            PrewarmService prewarm = context.getBean(PrewarmService.class);
            List<String> tasks = new ArrayList<>();
            for (String[] modeAndStrategy : List.of(new String[] {"agent", "window"}, new String[] {"job", "window"},
                    new String[] {"job", "batch"})) {
                tasks.add(prewarm.create(new NewPrewarmTask(List.of("busybox:1.36"), 2, Map.of(), null, null,
                        modeAndStrategy[0], modeAndStrategy[1])).id());
            }
            cluster.resetRequestStats();
            ReconcilePass pass = context.getBean(ReconcilePass.class);
            Instant giveUp = Instant.now().plusSeconds(90);
            while (!tasks.stream().allMatch(id -> finished(cluster, id)) && Instant.now().isBefore(giveUp)) {
                PassSummary summary = pass.run();
                assertTrue(summary.outcome() != PassSummary.Outcome.FAILED, summary.describe());
                Thread.sleep(100);
            }
            assertTrue(tasks.stream().allMatch(id -> finished(cluster, id)), "every task ran to its end");
            pass.run();

            RequestStats stats = cluster.requestStats();
            assertEquals(Map.of(), stats.latestLists(), "LISTs that were quorum reads: " + stats);
            assertTrue(stats.fromWatchCache().keySet().containsAll(Set.of("list nodes", "list deployments.apps", "list services",
                    "list prewarmtasks.deckhand.dev", "list jobs.batch", "list pods")), stats.toString());
        }
    }

    private static boolean finished(SandboxCluster cluster, String id) {
        GenericKubernetesResource task = cluster.client().genericKubernetesResources(TASKS).inNamespace("deckhand").withName(id).get();
        Object status = task.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> s && "completed".equals(s.get("phase"));
    }
}
