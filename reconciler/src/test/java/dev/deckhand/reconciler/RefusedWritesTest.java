package dev.deckhand.reconciler;

import dev.deckhand.sandbox.RequestStats;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An API server that refuses every create (as a full service range does: HTTP 500 "failed to allocate a serviceIP:
 * range is full") costs it at most the budget of failing writes per pass, not one request per object; the objects
 * refused are backed off, so later passes try others; once the API server accepts again, everything converges.
 */
class RefusedWritesTest {

    private static final int NODES = 60;
    private static final int BUDGET = 20;
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/deckhand/deployments";
    private static final String SERVICES = "/api/v1/namespaces/deckhand/services";

    private SandboxCluster cluster;
    private ApplicationContext context;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(NODES).controlPlane(false).simulator(false).agents(false).build());
        context = Sandboxes.reconciler(cluster, Map.of("deckhand.reconciler.failures.backoff", "5m"));
    }

    @AfterEach
    void stop() {
        context.close();
        cluster.close();
    }

    private static long creates(RequestStats stats) {
        return stats.count("create deployments.apps") + stats.count("create services");
    }

    /** As the failure ledger is once every backoff in it is over. */
    private void backoffsOver() {
        ConfigMap ledger = cluster.client().configMaps().inNamespace("deckhand").withName("deckhand-reconciler-failures").get();
        ledger.getData().put("failures.json", ledger.getData().get("failures.json")
                .replaceAll("\"retryAt\":\"[^\"]+\"", "\"retryAt\":\"2000-01-01T00:00:00Z\""));
        cluster.client().configMaps().inNamespace("deckhand").resource(ledger).update();
    }

    @Test
    void aPassSendsAtMostTheBudgetOfFailingWritesAndTheRefusedObjectsAreBackedOff() {
        // Refuses every create, whichever object it is for.
        for (int i = 0; i < 2 * NODES; i++) {
            cluster.failNextRequest("POST", DEPLOYMENTS, 500);
            cluster.failNextRequest("POST", SERVICES, 500);
        }
        ReconcilePass pass = context.getBean(ReconcilePass.class);

        cluster.resetRequestStats();
        PassSummary first = pass.run();
        RequestStats stats = cluster.requestStats();
        System.out.println("RefusedWritesTest first pass: " + first.describe() + " " + stats);
        assertEquals(BUDGET, creates(stats), "the budget of failing writes, not one per object (" + 2 * NODES + "): " + stats);
        assertEquals(PassSummary.Outcome.FAILED, first.outcome(), first.describe());
        assertEquals(BUDGET, first.failedWrites());
        assertEquals(2 * NODES - BUDGET, first.skippedWrites(), first.describe());
        assertEquals(10, first.skippedObjects().size());
        assertTrue(first.skippedObjects().get(0).endsWith("(budget of failing writes spent)"), first.skippedObjects().toString());
        assertTrue(first.firstError().contains("(HTTP 500)"), first.firstError());
        assertTrue(first.describe().contains(2 * NODES - BUDGET + " writes skipped"), first.describe());
        Set<String> refusedFirst = new HashSet<>(first.nodeAgents().failures());

        LeaseFixtures.expire(cluster);
        cluster.resetRequestStats();
        PassSummary second = pass.run();
        stats = cluster.requestStats();
        assertEquals(BUDGET, creates(stats), "again at most the budget: " + stats);
        assertEquals(BUDGET, second.failedWrites(), second.describe());
        assertTrue(second.skippedObjects().stream().anyMatch(s -> s.endsWith("(backed off after a refused write)")),
                second.skippedObjects().toString());
        assertTrue(second.nodeAgents().failures().stream().noneMatch(refusedFirst::contains),
                "the objects refused last pass are left alone; others get their turn: " + second.nodeAgents().failures());

        // The API server accepts again: the objects not backed off are created now, the rest once their backoff is over.
        cluster.clearFailedRequests();
        cluster.resetRequestStats();
        PassSummary third = pass.run();
        assertEquals(2 * NODES - 2 * BUDGET, third.nodeAgents().created(), third.describe());
        assertEquals(2 * BUDGET, third.skippedWrites(), third.describe());
        assertEquals(2 * NODES - 2 * BUDGET, creates(cluster.requestStats()), "no create of a backed-off object");

        backoffsOver();
        PassSummary fourth = pass.run();
        assertEquals(PassSummary.Outcome.CONVERGED, fourth.outcome(), fourth.describe());
        assertEquals(2 * BUDGET, fourth.nodeAgents().created());
        assertEquals(NODES, Sandboxes.agentDeployments(cluster).size());
        assertEquals(NODES, Sandboxes.agentServices(cluster));
        assertEquals("{}", cluster.client().configMaps().inNamespace("deckhand").withName("deckhand-reconciler-failures").get()
                .getData().get("failures.json"), "every object succeeded: the ledger is empty");
    }
}
