package dev.deckhand.reconciler;

import dev.deckhand.prewarm.PrewarmReconcileResult;
import dev.deckhand.agents.AgentManifests;
import dev.deckhand.agents.AgentSettings;
import dev.deckhand.agents.NodeAgentReconciler;
import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pass's lease and budget logic on plain data: no cluster, a clock the test moves. */
class ReconcilePassTest {

    private static final ReconcilerSettings SETTINGS = new ReconcilerSettings(ReconcilerSettings.Mode.ONCE,
            Duration.ofSeconds(30), Duration.ofSeconds(50), Duration.ofSeconds(5), "deckhand-reconciler", Duration.ofSeconds(30));

    private final TestClock clock = new TestClock();
    private final MemoryLease lease = new MemoryLease(clock, Duration.ofSeconds(30));

    private ReconcilePass pass(PlainCluster cluster, String identity) {
        return pass(cluster, identity, lease);
    }

    private ReconcilePass pass(PlainCluster cluster, String identity, MemoryLease lease) {
        AgentManifests manifests = new AgentManifests(new AgentSettings("deckhand", "deckhand/node-agent:0.1.0",
                "/run/containerd/containerd.sock", "http://{service}.{namespace}.svc:8090", Duration.ofSeconds(15), Duration.ofMinutes(5), null, "/absent"));
        return new ReconcilePass(new NodeAgentReconciler(cluster, cluster, manifests),
                mayStart -> PrewarmReconcileResult.idle(0), lease, SETTINGS, clock, identity);
    }

    @Test
    void aPassTakesTheLeaseWritesItsPlanAndLetsTheLeaseExpire() {
        PlainCluster cluster = new PlainCluster(3);
        PassSummary summary = pass(cluster, "me").run();
        assertEquals(PassSummary.Outcome.CONVERGED, summary.outcome(), summary.describe());
        assertEquals(6, summary.nodeAgents().created());
        assertEquals("me", summary.holder());
        assertEquals(1, lease.writes, "taken, not renewed (the pass was short) nor released");
        assertEquals("me", lease.record().holder());
        assertEquals(0, ReconcilerApplication.runOnce(pass(cluster, "me")), "converged: exit 0");
        assertEquals(2, lease.writes, "the same holder's next pass renews it: one write");
    }

    @Test
    void whileAnotherHoldsTheLeaseAPassReadsAndWritesNothingAndSaysWhoHoldsItUntilWhen() {
        PlainCluster cluster = new PlainCluster(3);
        lease.heldBy("cron-7f3a", clock.instant().minusSeconds(10));
        PassSummary summary = pass(cluster, "me").run();
        assertEquals(PassSummary.Outcome.SKIPPED, summary.outcome());
        assertEquals("lease memory held by cron-7f3a until 2025-03-01T12:00:20Z", summary.skipped());
        assertEquals("skipped: lease memory held by cron-7f3a until 2025-03-01T12:00:20Z (" + summary.millis() + " ms)", summary.describe());
        assertNull(summary.nodeAgents());
        assertEquals(0, cluster.lists.get(), "not even observed");
        assertEquals(0, cluster.objects());
        assertEquals("cron-7f3a", lease.record().holder(), "not released: it was never ours");
        assertEquals(0, ReconcilerApplication.runOnce(pass(cluster, "me")), "skipped is not a failure");

        clock.advance(Duration.ofSeconds(20));
        PassSummary after = pass(cluster, "me").run();
        assertEquals(PassSummary.Outcome.CONVERGED, after.outcome(), "expired: taken over. " + after.describe());
        assertEquals(6, cluster.objects());
    }

    @Test
    void aPassStopsStartingWritesWhenItsBudgetIsUsedUpAndTheNextOneFinishes() {
        PlainCluster cluster = new PlainCluster(20);
        cluster.onCreate = name -> clock.advance(Duration.ofSeconds(1));
        PassSummary first = pass(cluster, "me").run(Duration.ofSeconds(10));
        assertEquals(PassSummary.Outcome.DEFERRED, first.outcome(), first.describe());
        assertEquals("budget of 10000 ms used up", first.stoppedEarly());
        int created = first.nodeAgents().created();
        assertTrue(created >= 10 && created < 40, first.describe());
        assertEquals(40, created + first.nodeAgents().deferred());
        assertEquals(created, cluster.objects());

        cluster.onCreate = name -> { };
        PassSummary second = pass(cluster, "me").run(Duration.ofSeconds(10));
        assertEquals(PassSummary.Outcome.CONVERGED, second.outcome(), second.describe());
        assertEquals(first.nodeAgents().deferred(), second.nodeAgents().created());
        assertEquals(40, cluster.objects());
    }

    @Test
    void aRunOnceOutOfBudgetExitsZero() {
        PlainCluster cluster = new PlainCluster(20);
        cluster.onCreate = name -> clock.advance(Duration.ofSeconds(10));
        ReconcilePass pass = pass(cluster, "me", new MemoryLease(clock, Duration.ofMinutes(5)));
        assertEquals(0, ReconcilerApplication.runOnce(pass), "deferred is not a failure: the next run goes on");
        assertTrue(cluster.objects() >= 5 && cluster.objects() < 40, "the 50 s budget stopped it: " + cluster.objects());
    }

    @Test
    void aPassWhoseLeaseRunsOutStopsStartingWrites() {
        PlainCluster cluster = new PlainCluster(20);
        // Each write takes 10 s of the test clock; the lease lasts 30 s and is not renewed in that (real) time.
        cluster.onCreate = name -> clock.advance(Duration.ofSeconds(10));
        PassSummary summary = pass(cluster, "me").run(Duration.ofHours(1));
        assertEquals(PassSummary.Outcome.DEFERRED, summary.outcome(), summary.describe());
        assertEquals("lease memory lost", summary.stoppedEarly());
        assertTrue(summary.nodeAgents().created() >= 3 && summary.nodeAgents().created() < 40, summary.describe());
    }

    @Test
    void aFailedWriteExitsOneAndIsReported() {
        PlainCluster cluster = new PlainCluster(2);
        cluster.onCreate = name -> {
            if (name.endsWith("node-2")) {
                throw new ClusterRequestException(422, "Kubernetes API server refused to create " + name, null);
            }
        };
        PassSummary summary = pass(cluster, "me").run();
        assertEquals(PassSummary.Outcome.FAILED, summary.outcome());
        assertTrue(summary.describe().contains("2 failed") && summary.describe().contains("first failure: create"), summary.describe());
        assertEquals(1, ReconcilerApplication.runOnce(pass(cluster, "me")));
    }

    @Test
    void anUnreachableClusterExitsTwo() {
        PlainCluster cluster = new PlainCluster(2);
        cluster.onList = () -> {
            throw new ClusterUnavailableException("Kubernetes API server unreachable while trying to list nodes: refused", null);
        };
        assertEquals(2, ReconcilerApplication.runOnce(pass(cluster, "me")));
        assertEquals(1, lease.writes);
    }

    @Test
    void twoPassesOfOneProcessDoNotOverlap() throws Exception {
        PlainCluster cluster = new PlainCluster(2);
        CountDownLatch observing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        cluster.onList = () -> {
            observing.countDown();
            try {
                proceed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ReconcilePass pass = pass(cluster, "me");
        CompletableFuture<PassSummary> first = CompletableFuture.supplyAsync(pass::run);
        assertTrue(observing.await(10, TimeUnit.SECONDS));
        PassSummary second = pass.run();
        assertEquals(PassSummary.Outcome.SKIPPED, second.outcome());
        assertEquals("another pass of this process is running", second.skipped());
        proceed.countDown();
        assertEquals(PassSummary.Outcome.CONVERGED, first.get(10, TimeUnit.SECONDS).outcome());
    }

    @Test
    void lambdaBudgetLeavesTheMarginButNeverLessThanHalf() {
        assertEquals(Duration.ofSeconds(55), SETTINGS.lambdaBudget(Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(895), SETTINGS.lambdaBudget(Duration.ofMinutes(15)));
        assertEquals(Duration.ofMillis(1500), SETTINGS.lambdaBudget(Duration.ofSeconds(3)), "a 3 s function still gets work done");
        assertEquals(Duration.ZERO, SETTINGS.lambdaBudget(Duration.ZERO));
    }

    @Test
    void processIdentityIsTheHostAndARandomSuffix() {
        String a = ReconcilePass.processIdentity();
        String b = ReconcilePass.processIdentity();
        assertTrue(a.matches(".+-[0-9a-f]{8}"), a);
        assertEquals(a.substring(0, a.length() - 9), b.substring(0, b.length() - 9));
        assertTrue(!a.equals(b));
    }
}
