package dev.deckhand.reconciler;

import dev.deckhand.agents.AgentManifests;
import dev.deckhand.agents.AgentTemplates;
import dev.deckhand.nodes.NodeDirectory;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pass that cannot finish within its budget stops cleanly, and the next one finishes the work. */
class BudgetTest {

    private static final int NODES = 1500;
    private static final int OBJECTS = 2 * NODES;

    @Test
    void aPassOutOfTimeDefersTheRestAndTheNextPassFinishesItWithoutDuplicates() throws Exception {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder()
                .nodes(NODES).controlPlane(false).simulator(false).agents(false).build());
             ApplicationContext context = Sandboxes.reconciler(cluster, Map.of())) {
            ReconcilePass pass = context.getBean(ReconcilePass.class);
            context.getBean(NodeDirectory.class).list(); // the client is built and connected before the budget starts
            // and the agent template published (a pass's first write, once per cluster), so the 1 s goes to the agents
            context.getBean(AgentTemplates.class).publish(context.getBean(AgentManifests.class).template());

            // 3,000 creates take 3-10 s on these machines (a quiet one got through 600 in under 1 s); 1 s gets through
            // a fraction of them.
            PassSummary first = pass.run(Duration.ofSeconds(1));
            System.out.println("BudgetTest first pass: " + first.describe());
            int made = Sandboxes.agentDeployments(cluster).size() + Sandboxes.agentServices(cluster);
            assertEquals(PassSummary.Outcome.DEFERRED, first.outcome(), first.describe());
            assertTrue(first.nodeAgents().created() > 0 && first.nodeAgents().created() < OBJECTS, first.describe());
            assertEquals(OBJECTS, first.nodeAgents().created() + first.nodeAgents().deferred(), first.describe());
            assertTrue(first.nodeAgents().failures().isEmpty(), first.describe());
            assertTrue(first.stoppedEarly().startsWith("budget of 1000 ms used up"), first.stoppedEarly());
            assertTrue(first.describe().contains(first.nodeAgents().deferred() + " deferred to the next pass"), first.describe());
            assertEquals(first.nodeAgents().created(), made, "the writes in flight finished before the pass returned, and no more started");
            Thread.sleep(200);
            assertEquals(made, Sandboxes.agentDeployments(cluster).size() + Sandboxes.agentServices(cluster), "nothing writes after the pass");
            assertEquals(pass.identity(),
                    cluster.client().leases().inNamespace("deckhand").withName(Sandboxes.LEASE).get().getSpec().getHolderIdentity(),
                    "the lease is left to expire; the same process's next pass renews it");

            cluster.resetRequestStats();
            PassSummary second = pass.run(Duration.ofSeconds(180)); // the claim is "only what was missing", not a speed: room for a loaded machine
            assertEquals(PassSummary.Outcome.CONVERGED, second.outcome(), second.describe());
            assertEquals(first.nodeAgents().deferred(), second.nodeAgents().created(), second.describe());
            assertEquals(first.nodeAgents().deferred(),
                    cluster.requestStats().count("create deployments.apps") + cluster.requestStats().count("create services"),
                    "the second pass tried to create only what was missing: " + cluster.requestStats());
            assertEquals(NODES, Sandboxes.agentDeployments(cluster).size());
            assertEquals(NODES, Sandboxes.agentServices(cluster));
        }
    }
}
