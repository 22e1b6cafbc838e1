package dev.deckhand.reconciler;

import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node-agent reconcile against the sandbox cluster, through the production Kubernetes client. */
class NodeAgentReconcileTest {

    private static final String OWNED = "app.kubernetes.io/managed-by=deckhand";

    private SandboxCluster cluster;
    private ApplicationContext context;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(4).notReadyNodes("node-4").build());
        context = reconciler(Map.of());
    }

    @AfterEach
    void stop() {
        context.close();
        cluster.close();
    }

    private ApplicationContext reconciler(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.namespace", "deckhand"));
        properties.putAll(extra);
        return ApplicationContext.run(properties);
    }

    private List<V1Deployment> agentDeployments() throws Exception {
        return context.getBean(AppsV1Api.class).listNamespacedDeployment("deckhand").labelSelector(OWNED).execute().getItems();
    }

    private int agentServices() throws Exception {
        return context.getBean(CoreV1Api.class).listNamespacedService("deckhand").labelSelector(OWNED).execute().getItems().size();
    }

    @Test
    void firstPassGivesEveryReadyNodeOnePinnedAgentAndServiceAndTheNextWritesNothing() throws Exception {
        PassSummary first = context.getBean(ReconcilePass.class).run();
        assertTrue(first.converged(), first.describe());
        assertEquals(List.of("node-1", "node-2", "node-3"), first.nodeAgents().provisionedNodes(), "NotReady node-4 gets none");
        assertEquals(6, first.nodeAgents().created());
        assertEquals(3, agentDeployments().size());
        assertEquals(3, agentServices());

        V1Deployment agent = agentDeployments().stream()
                .filter(d -> d.getMetadata().getName().equals("deckhand-agent-node-1")).findFirst().orElseThrow();
        var term = agent.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0);
        assertEquals(List.of("node-1"), term.getMatchFields().get(0).getValues());
        assertEquals("Exists", agent.getSpec().getTemplate().getSpec().getTolerations().get(0).getOperator(),
                "the control-plane node's NoSchedule taint is tolerated");

        cluster.resetRequestStats();
        PassSummary steady = context.getBean(ReconcilePass.class).run();
        assertEquals(0, steady.nodeAgents().writes(), steady.describe());
        var stats = cluster.requestStats();
        assertEquals(1, stats.writes(), "only the lease is written, once (renewed, not released): " + stats);
        assertEquals(1, stats.count("update leases.coordination.k8s.io"), stats.toString());
        assertEquals(1, stats.count("get leases.coordination.k8s.io"), stats.toString());
        assertEquals(2, stats.count("get configmaps"), "the failure ledger and the published agent template: " + stats);
        assertTrue(stats.total() <= 11, "7 LISTs (nodes, agent Deployments and Services, prewarm tasks, cleanups, service "
                + "Deployments and Services), 2 lease requests, 2 ConfigMap reads: " + stats);

        cluster.resetRequestStats();
        for (int i = 0; i < 3; i++) {
            assertEquals(0, context.getBean(ReconcilePass.class).run().nodeAgents().writes());
        }
        assertEquals(3, cluster.requestStats().writes(), "three steady passes, three lease writes: " + cluster.requestStats());
    }

    @Test
    void agentPodsRunOnTheirOwnNodes() throws Exception {
        context.getBean(ReconcilePass.class).run();
        CoreV1Api core = context.getBean(CoreV1Api.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<V1Pod> running = List.of();
        while (System.nanoTime() < deadline) {
            running = core.listNamespacedPod("deckhand").labelSelector("app.kubernetes.io/name=deckhand-node-agent").execute().getItems()
                    .stream().filter(p -> "Running".equals(p.getStatus() == null ? null : p.getStatus().getPhase())).toList();
            if (running.size() == 3) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(3, running.size());
        for (V1Pod pod : running) {
            assertEquals("deckhand-agent-" + pod.getSpec().getNodeName(), pod.getMetadata().getName().replaceAll("-[a-z0-9]+-[a-z0-9]+$", ""),
                    pod.getMetadata().getName());
        }
    }

    @Test
    void agentsOfANodeThatLeftAreRemoved() throws Exception {
        context.getBean(ReconcilePass.class).run();
        context.getBean(CoreV1Api.class).deleteNode("node-2").execute();
        PassSummary pass = context.getBean(ReconcilePass.class).run();
        assertEquals(2, pass.nodeAgents().deleted(), pass.describe());
        assertEquals(List.of("delete deployment deckhand-agent-node-2", "delete service deckhand-agent-node-2"), pass.namedWrites());
        assertTrue(agentDeployments().stream().noneMatch(d -> d.getMetadata().getName().equals("deckhand-agent-node-2")));
        assertEquals(2, agentServices());
    }

    @Test
    void aChangedTemplateIsRolledOutInPlace() throws Exception {
        context.getBean(ReconcilePass.class).run();
        LeaseFixtures.expire(cluster);
        try (ApplicationContext upgraded = reconciler(Map.of("deckhand.agent.image", "deckhand/node-agent:0.2.0"))) {
            PassSummary pass = upgraded.getBean(ReconcilePass.class).run();
            assertEquals(3, pass.nodeAgents().updated(), pass.describe());
            assertEquals(0, pass.nodeAgents().created());
            assertTrue(pass.converged(), pass.describe());
        }
        assertTrue(agentDeployments().stream().allMatch(d ->
                d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().equals("deckhand/node-agent:0.2.0")));
    }

    @Test
    void aConflictOnUpdateIsRetriedWithTheFreshObject() throws Exception {
        context.getBean(ReconcilePass.class).run();
        String name = agentDeployments().get(0).getMetadata().getName();
        // The agent image changes, and a writer gets in between this pass's read and its update once.
        context.close();
        LeaseFixtures.expire(cluster);
        context = reconciler(Map.of("deckhand.agent.image", "deckhand/node-agent:conflict-test"));
        cluster.failNextRequest("PUT", "/apis/apps/v1/namespaces/deckhand/deployments/" + name, 409);
        cluster.resetRequestStats();

        PassSummary pass = context.getBean(ReconcilePass.class).run();

        assertEquals(PassSummary.Outcome.CONVERGED, pass.outcome(), pass.describe());
        V1Deployment updated = context.getBean(AppsV1Api.class).readNamespacedDeployment(name, "deckhand").execute();
        assertEquals("deckhand/node-agent:conflict-test",
                updated.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        long updates = cluster.requestStats().byVerb().getOrDefault("update deployments.apps", 0L);
        assertEquals(agentDeployments().size() + 1, updates, "one update per agent, and one again after the 409");
    }

    @Test
    void agentServicesAreHeadlessAndAClusterIpOneOfAnEarlierTemplateIsReplaced() throws Exception {
        context.getBean(ReconcilePass.class).run();
        CoreV1Api core = context.getBean(CoreV1Api.class);
        List<V1Service> services = core.listNamespacedService("deckhand").labelSelector(OWNED).execute().getItems();
        assertEquals(3, services.size());
        services.forEach(s -> assertEquals("None", s.getSpec().getClusterIP(), s.getMetadata().getName() + " takes no cluster IP"));

        // As an earlier template left it: a cluster IP the API server assigned, and that template's hash.
        V1Service old = services.get(0);
        String name = old.getMetadata().getName();
        old.getSpec().clusterIP("10.96.14.7").clusterIPs(List.of("10.96.14.7"));
        old.getMetadata().putAnnotationsItem("deckhand.dev/spec-hash", "0123456789abcdef");
        String oldUid = core.replaceNamespacedService(name, "deckhand", old).execute().getMetadata().getUid();

        PassSummary pass = context.getBean(ReconcilePass.class).run();

        assertEquals(1, pass.nodeAgents().updated(), pass.describe());
        assertTrue(pass.converged(), pass.describe());
        V1Service replaced = core.readNamespacedService(name, "deckhand").execute();
        assertEquals("None", replaced.getSpec().getClusterIP(), "clusterIP cannot be changed in place: the Service is made anew");
        assertNotEquals(oldUid, replaced.getMetadata().getUid(), "a new object, not an update of the old one");
        assertEquals(3, agentServices());
        assertEquals(0, context.getBean(ReconcilePass.class).run().nodeAgents().writes(), "and then nothing to write");
    }
}
