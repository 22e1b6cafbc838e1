package dev.deckhand.reconciler;

import dev.deckhand.nodes.NodeDirectory;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passes of different processes (each its own context and identity) against one sandbox, kept apart by the Lease. */
class OverlappingPassesTest {

    private static final int NODES = 100;

    private SandboxCluster cluster;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(NODES).controlPlane(false).simulator(false).agents(false).build());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void ofTwoPassesStartedTogetherExactlyOneRunsAndTheOtherSaysItWasSkipped() throws Exception {
        try (ApplicationContext a = Sandboxes.reconciler(cluster, Map.of());
             ApplicationContext b = Sandboxes.reconciler(cluster, Map.of())) {
            List<ReconcilePass> passes = List.of(a.getBean(ReconcilePass.class), b.getBean(ReconcilePass.class));
            assertNotEquals(passes.get(0).identity(), passes.get(1).identity());
            // Both clients built and connected, so that neither pass is slowed by its start-up.
            a.getBean(NodeDirectory.class).list();
            b.getBean(NodeDirectory.class).list();
            cluster.resetRequestStats();

            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<PassSummary>> running = passes.stream().map(pass -> CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return pass.run();
            })).toList();
            go.countDown();
            List<PassSummary> summaries = running.stream().map(CompletableFuture::join).toList();

            List<PassSummary> ran = summaries.stream().filter(s -> s.outcome() != PassSummary.Outcome.SKIPPED).toList();
            List<PassSummary> skipped = summaries.stream().filter(s -> s.outcome() == PassSummary.Outcome.SKIPPED).toList();
            assertEquals(1, ran.size(), summaries.toString());
            assertEquals(1, skipped.size(), summaries.toString());
            assertEquals(PassSummary.Outcome.CONVERGED, ran.get(0).outcome(), ran.get(0).describe());
            assertEquals(2 * NODES, ran.get(0).nodeAgents().created());
            assertTrue(skipped.get(0).skipped().startsWith("lease deckhand-reconciler held by " + ran.get(0).holder() + " until "),
                    skipped.get(0).skipped());

            assertEquals(NODES, cluster.requestStats().count("create deployments.apps"), "each object created once, no 409: " + cluster.requestStats());
            assertEquals(NODES, cluster.requestStats().count("create services"), cluster.requestStats().toString());
            // nodes, and the Deployments and Services of the node agents and of the services step (seed 001)
            assertEquals(5, cluster.requestStats().count("list nodes") + cluster.requestStats().count("list deployments.apps")
                    + cluster.requestStats().count("list services"), "only the pass that ran observed: " + cluster.requestStats());
            assertEquals(NODES, Sandboxes.agentDeployments(cluster).size());
            assertEquals(NODES, Sandboxes.agentServices(cluster));
            assertEquals(ran.get(0).holder(), LeaseFixtures.read(cluster).getSpec().getHolderIdentity(),
                    "not released: the pass that ran lets it expire");
        }
    }

    @Test
    void theExpiredLeaseOfADeadHolderIsTakenOver() {
        LeaseFixtures.hold(cluster, "deckhand-reconciler-28463-x7k2p-1a2b3c4d", Duration.ofMinutes(10), 30);
        try (ApplicationContext context = Sandboxes.reconciler(cluster, Map.of())) {
            PassSummary summary = context.getBean(ReconcilePass.class).run();
            assertEquals(PassSummary.Outcome.CONVERGED, summary.outcome(), summary.describe());
            assertEquals(2 * NODES, summary.nodeAgents().created());
            Lease lease = LeaseFixtures.read(cluster);
            assertEquals(1, lease.getSpec().getLeaseTransitions(), "taken over from the dead holder");
            assertEquals(context.getBean(ReconcilePass.class).identity(), lease.getSpec().getHolderIdentity(),
                    "and left to expire after the pass");
        }
    }

    @Test
    void aLiveHoldersLeaseIsRespectedUntilItIsReleased() {
        LeaseFixtures.hold(cluster, "lambda-3f1c", Duration.ofSeconds(1), 30);
        try (ApplicationContext context = Sandboxes.reconciler(cluster, Map.of())) {
            ReconcilePass pass = context.getBean(ReconcilePass.class);
            PassSummary skipped = pass.run();
            assertEquals(PassSummary.Outcome.SKIPPED, skipped.outcome(), skipped.describe());
            assertTrue(skipped.skipped().startsWith("lease deckhand-reconciler held by lambda-3f1c until "), skipped.skipped());
            assertEquals(0, Sandboxes.agentDeployments(cluster).size());

            Lease lease = LeaseFixtures.read(cluster);
            lease.getSpec().setHolderIdentity(null);
            cluster.client().leases().inNamespace("deckhand").resource(lease).update();
            assertEquals(PassSummary.Outcome.CONVERGED, pass.run(Duration.ofSeconds(60)).outcome());
            assertEquals(NODES, Sandboxes.agentDeployments(cluster).size());
        }
    }
}
