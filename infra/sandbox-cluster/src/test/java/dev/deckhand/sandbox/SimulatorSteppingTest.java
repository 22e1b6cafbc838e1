package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator off, stepped by hand; and paused and resumed while ticking. */
class SimulatorSteppingTest {

    @Test
    void withTheSimulatorOffNothingMovesUntilStepped() {
        try (SandboxCluster cluster = SandboxCluster.builder().nodes(3).simulator(false).start()) {
            cluster.client().apps().deployments().inNamespace("deckhand").resource(deployment("step", "node-2")).create();
            assertTrue(pods(cluster, "step").isEmpty());

            cluster.simulator().runOnce();
            List<Pod> pods = pods(cluster, "step");
            assertEquals(1, pods.size());
            assertEquals("Pending", pods.get(0).getStatus().getPhase());
            assertEquals("node-2", pods.get(0).getSpec().getNodeName());

            cluster.simulator().runOnce();
            assertEquals("Running", pods(cluster, "step").get(0).getStatus().getPhase());
            Deployment d = cluster.client().apps().deployments().inNamespace("deckhand").withName("step").get();
            assertEquals(1, d.getStatus().getReadyReplicas());
            assertFalse(cluster.simulator().isRunning());
            assertEquals(2, cluster.simulator().ticks());
            assertEquals(0, cluster.requestStats().total(), "the sandbox's own requests are not counted");
        }
    }

    @Test
    void aPausedSimulatorWritesNothingUntilResumed() throws Exception {
        try (SandboxCluster cluster = SandboxCluster.builder().nodes(3).tick(Duration.ofMillis(50)).start()) {
            cluster.simulator().pause();
            assertTrue(cluster.simulator().isPaused());
            cluster.client().apps().deployments().inNamespace("deckhand").resource(deployment("paused", "node-3")).create();
            long ticks = cluster.simulator().ticks();
            Thread.sleep(400);
            assertTrue(pods(cluster, "paused").isEmpty());
            assertEquals(ticks, cluster.simulator().ticks());

            cluster.simulator().resume();
            Pod running = Await.until(() -> pods(cluster, "paused").stream().findFirst().orElse(null),
                    p -> "Running".equals(p.getStatus().getPhase()), "pod running after resume");
            assertEquals("node-3", running.getSpec().getNodeName());
        }
    }

    private static List<Pod> pods(SandboxCluster cluster, String app) {
        return cluster.client().pods().inNamespace("deckhand").withLabel("app", app).list().getItems();
    }

    private static Deployment deployment(String name, String node) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addToNodeSelector("kubernetes.io/hostname", node)
                .addNewContainer().withName("main").withImage("busybox:1.36").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
