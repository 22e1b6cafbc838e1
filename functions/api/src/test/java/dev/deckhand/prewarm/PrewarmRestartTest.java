package dev.deckhand.prewarm;

import dev.deckhand.images.NodeAgentClient;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import dev.deckhand.tasks.NodeEntry;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reconciler that stops mid-task and a new process that takes over: nothing is lost, no finished node is pulled again. */
class PrewarmRestartTest {

    private SandboxCluster cluster;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(12).controlPlane(false).build());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private ApplicationContext process() {
        return ApplicationContext.run(Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.agent.namespace", "deckhand",
                "deckhand.test.counting-agents", "true"));
    }

    private static Set<String> nodesIn(PrewarmTask task, String state) {
        return task.status().nodes().stream().filter(n -> n.state().equals(state)).map(NodeEntry::name).collect(Collectors.toSet());
    }

    @Test
    void aNewProcessFinishesTheTaskWithoutPullingAFinishedNodeAgain() {
        cluster.agents().setPullDelay(Duration.ofMillis(100));
        String id;
        Set<String> finishedFirst;
        try (ApplicationContext first = process()) {
            PrewarmService service = first.getBean(PrewarmService.class);
            id = service.create(new NewPrewarmTask(List.of("busybox:1.36", "registry.example/team/app:3"), 3, Map.of(),
                    null, null, null, null)).id();
            CountingAgentClient agents = (CountingAgentClient) first.getBean(NodeAgentClient.class);
            // A pass told to start nothing more once 10 pulls have started: batch 1 (6 pulls) is done, batch 2 is cut
            // short, some of its nodes with one image of two.
            PrewarmReconcileResult cut = first.getBean(PrewarmReconciler.class).reconcile(() -> agents.totalPulls() < 10);
            assertTrue(cut.deferred() > 0, cut.describe());

            PrewarmTask stored = service.get(id);
            assertEquals("running", stored.status().phase());
            finishedFirst = nodesIn(stored, NodeEntry.COMPLETED);
            assertTrue(finishedFirst.size() >= 3 && finishedFirst.size() <= 6, finishedFirst.toString());
            Set<String> fullyPulled = cluster.nodeNames().stream().filter(n -> agents.pulls(n) == 2).collect(Collectors.toSet());
            assertEquals(fullyPulled, finishedFirst, "every node that got all its images before the pass stopped was written");
        }

        try (ApplicationContext second = process()) {
            CountingAgentClient agents = (CountingAgentClient) second.getBean(NodeAgentClient.class);
            PrewarmReconciler reconciler = second.getBean(PrewarmReconciler.class);
            PrewarmService service = second.getBean(PrewarmService.class);
            Instant giveUp = Instant.now().plusSeconds(60);
            while (!service.get(id).effectivePhase().finished() && Instant.now().isBefore(giveUp)) {
                reconciler.reconcile(Instant.now().plusSeconds(10));
            }
            PrewarmTask done = service.get(id);
            assertEquals("completed", done.status().phase());
            assertEquals(12, done.status().progress().completedNodes());
            for (String node : cluster.nodeNames()) {
                assertEquals(finishedFirst.contains(node) ? 0 : 2, agents.pulls(node), node);
            }
        }
    }
}
