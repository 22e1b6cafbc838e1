package dev.deckhand.reconciler;

import dev.deckhand.agents.AgentManifests;
import dev.deckhand.agents.AgentReconcileResult;
import dev.deckhand.agents.AgentTemplates;
import dev.deckhand.agents.AgentWorkloads;
import dev.deckhand.agents.NodeAgentReconciler;
import dev.deckhand.agents.PublishedAgentTemplate;
import dev.deckhand.nodes.NodeDirectory;
import dev.deckhand.sandbox.RequestStats;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions ({@code GET /update/monitor}) and the reconciler, configured with different agent settings, do not
 * replace each other's agent Deployments: the reconciler publishes the template it renders, and the functions render
 * from what is published.
 */
class AgentTemplateFlappingTest {

    private SandboxCluster cluster;
    private ApplicationContext reconcilerProcess;
    private ApplicationContext functionsProcess;
    private NodeAgentReconciler monitor;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).controlPlane(false).simulator(false).agents(false).build());
        reconcilerProcess = Sandboxes.reconciler(cluster, Map.of("deckhand.agent.image", "deckhand/node-agent:reconciler"));
        functionsProcess = Sandboxes.reconciler(cluster, Map.of("deckhand.agent.image", "deckhand/node-agent:functions",
                "deckhand.agent.runtime-socket", "/run/k3s/containerd/containerd.sock"));
        // What the functions' GET /update/monitor runs: the node-agent reconcile with the published template.
        monitor = new NodeAgentReconciler(functionsProcess.getBean(NodeDirectory.class), functionsProcess.getBean(AgentWorkloads.class),
                functionsProcess.getBean(AgentManifests.class), new PublishedAgentTemplate(functionsProcess.getBean(AgentTemplates.class),
                functionsProcess.getBean(AgentManifests.class)));
    }

    @AfterEach
    void stop() {
        functionsProcess.close();
        reconcilerProcess.close();
        cluster.close();
    }

    private static long agentWrites(RequestStats stats) {
        return stats.count("create deployments.apps") + stats.count("update deployments.apps")
                + stats.count("create services") + stats.count("update services");
    }

    private boolean everyAgentRuns(String image) {
        return Sandboxes.agentDeployments(cluster).stream()
                .allMatch(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().equals(image));
    }

    @Test
    void twoProcessesWithDifferentSettingsConvergeOnTheReconcilersTemplateWithoutFlapping() {
        // The functions come first: nothing is published yet, so they render from their own settings.
        AgentReconcileResult early = monitor.reconcile();
        assertEquals(6, early.created());
        assertTrue(everyAgentRuns("deckhand/node-agent:functions"));

        // The reconciler publishes its template and rolls it out once.
        ReconcilePass pass = reconcilerProcess.getBean(ReconcilePass.class);
        PassSummary first = pass.run();
        assertEquals(3, first.nodeAgents().updated(), "the Deployments (the Services render the same): " + first.describe());
        assertTrue(everyAgentRuns("deckhand/node-agent:reconciler"));

        cluster.resetRequestStats();
        for (int round = 0; round < 4; round++) {
            assertEquals(0, monitor.reconcile().writes(), "round " + round + ": the functions follow the published template");
            assertEquals(0, pass.run().nodeAgents().writes(), "round " + round + ": and the reconciler finds nothing to undo");
        }
        RequestStats alternating = cluster.requestStats();
        assertEquals(0, agentWrites(alternating), "no agent object written in 8 alternating passes: " + alternating);
        assertEquals(0, alternating.count("update configmaps") + alternating.count("create configmaps"),
                "the template is published once, not per pass: " + alternating);
        assertEquals(4, alternating.writes(), "the reconciler's lease, once per pass, and nothing else: " + alternating);
        assertTrue(everyAgentRuns("deckhand/node-agent:reconciler"));

        // The reconciler's settings change: it publishes the new template, rolls it out once, and the functions follow.
        LeaseFixtures.expire(cluster);
        try (ApplicationContext upgraded = Sandboxes.reconciler(cluster, Map.of("deckhand.agent.image", "deckhand/node-agent:0.3.0"))) {
            cluster.resetRequestStats();
            PassSummary rollout = upgraded.getBean(ReconcilePass.class).run();
            assertEquals(3, rollout.nodeAgents().updated(), rollout.describe());
            assertEquals(1, cluster.requestStats().count("update configmaps"), cluster.requestStats().toString());
            assertEquals(0, monitor.reconcile().writes());
            assertEquals(0, upgraded.getBean(ReconcilePass.class).run().nodeAgents().writes());
            assertTrue(everyAgentRuns("deckhand/node-agent:0.3.0"));
        }
    }
}
