package dev.deckhand.cluster;

import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.util.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Lease lock against the sandbox API server, through the official client. */
class KubernetesLeaseLockTest {

    private static final Duration DURATION = Duration.ofSeconds(30);
    private static SandboxCluster cluster;
    private static CoordinationV1Api api;

    @BeforeAll
    static void start() throws Exception {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).simulator(false).agents(false).build());
        ApiClient client = Config.fromConfig(cluster.kubeconfigPath().toString());
        api = new CoordinationV1Api(client);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static KubernetesLeaseLock lock(String name, Clock clock) {
        return new KubernetesLeaseLock(api, "deckhand", name, DURATION, clock);
    }

    private static Lease stored(String name) {
        return cluster.client().leases().inNamespace("deckhand").withName(name).get();
    }

    /** The lease as the API server stores it, raw. */
    private static String storedJson(String name) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.apiServerUrl() + "/apis/coordination.k8s.io/v1/namespaces/deckhand/leases/" + name)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    @Test
    void theFirstTakerCreatesTheLeaseAndOthersAreToldWhoHoldsItUntilWhen() throws Exception {
        KubernetesLeaseLock lock = lock("first", Clock.systemUTC());
        LeaseGrant grant = assertInstanceOf(LeaseAttempt.Acquired.class, lock.tryAcquire("a")).grant();
        assertEquals("a", grant.holder());

        LeaseAttempt.Held held = assertInstanceOf(LeaseAttempt.Held.class, lock.tryAcquire("b"));
        assertEquals("a", held.holder());
        assertEquals(grant.expires(), held.until());

        Lease lease = stored("first");
        assertEquals("a", lease.getSpec().getHolderIdentity());
        assertEquals(30, lease.getSpec().getLeaseDurationSeconds());
        assertEquals(DeckhandLabels.MANAGED_BY_VALUE, lease.getMetadata().getLabels().get(DeckhandLabels.MANAGED_BY));
        String json = storedJson("first");
        assertTrue(Pattern.compile("\"renewTime\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z\"").matcher(json).find(),
                "MicroTime (6 fraction digits), as a real API server demands: " + json);
    }

    @Test
    void anExpiredLeaseOfADeadHolderIsTakenOver() {
        Clock longAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        assertInstanceOf(LeaseAttempt.Acquired.class, lock("expired", longAgo).tryAcquire("dead"));

        LeaseGrant grant = assertInstanceOf(LeaseAttempt.Acquired.class, lock("expired", Clock.systemUTC()).tryAcquire("alive")).grant();
        assertEquals(1, grant.transitions());
        Lease lease = stored("expired");
        assertEquals("alive", lease.getSpec().getHolderIdentity());
        assertEquals(1, lease.getSpec().getLeaseTransitions());
    }

    @Test
    void ofManyTakersAtOnceExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "race-" + round;
                if (round % 2 == 1) {
                    // Odd rounds race over an expired lease (replace), even ones over a missing one (create).
                    lock(name, Clock.fixed(Instant.now().minusSeconds(600), ZoneOffset.UTC)).tryAcquire("dead");
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<LeaseAttempt>> attempts = new ArrayList<>();
                for (int taker = 0; taker < 4; taker++) {
                    String holder = "taker-" + taker;
                    KubernetesLeaseLock lock = lock(name, Clock.systemUTC());
                    attempts.add(pool.submit(() -> {
                        go.await();
                        return lock.tryAcquire(holder);
                    }));
                }
                go.countDown();
                List<String> winners = new ArrayList<>();
                for (Future<LeaseAttempt> attempt : attempts) {
                    if (attempt.get() instanceof LeaseAttempt.Acquired acquired) {
                        winners.add(acquired.grant().holder());
                    }
                }
                assertEquals(1, winners.size(), name + ": " + winners);
                assertEquals(winners.get(0), stored(name).getSpec().getHolderIdentity());
                for (Future<LeaseAttempt> attempt : attempts) {
                    if (attempt.get() instanceof LeaseAttempt.Held held) {
                        assertEquals(winners.get(0), held.holder(), "a loser is told who won");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void renewalExtendsTheHoldAndKeepsTheAcquireTime() throws Exception {
        KubernetesLeaseLock lock = lock("renewed", Clock.systemUTC());
        LeaseGrant grant = assertInstanceOf(LeaseAttempt.Acquired.class, lock.tryAcquire("a")).grant();
        Thread.sleep(5);
        LeaseGrant renewed = lock.renew(grant).orElseThrow();
        assertTrue(renewed.renewed().isAfter(grant.renewed()));
        assertEquals(grant.acquired(), renewed.acquired());
        assertEquals(grant.acquired(), stored("renewed").getSpec().getAcquireTime().toInstant());
        assertTrue(lock.renew(renewed).isPresent(), "renewed again from the new grant");
        assertTrue(lock.renew(grant).isEmpty(), "an outdated grant cannot renew: its resourceVersion is stale (409)");
    }

    @Test
    void aHolderWhoseLeaseWasTakenOverCannotRenewIt() {
        Clock longAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        KubernetesLeaseLock slow = lock("taken", longAgo);
        LeaseGrant stale = assertInstanceOf(LeaseAttempt.Acquired.class, slow.tryAcquire("slow")).grant();
        assertInstanceOf(LeaseAttempt.Acquired.class, lock("taken", Clock.systemUTC()).tryAcquire("fast"));

        assertTrue(slow.renew(stale).isEmpty());
        assertEquals("fast", stored("taken").getSpec().getHolderIdentity(), "the stale renewal changed nothing");
    }

    @Test
    void aLeaseReleasedByAnOlderVersionIsTakenAtOnce() {
        KubernetesLeaseLock lock = lock("released", Clock.systemUTC());
        assertInstanceOf(LeaseAttempt.Acquired.class, lock.tryAcquire("a"));
        // As earlier Deckhand versions and client-go release a Lease: no holder, a 1 s duration.
        Lease lease = stored("released");
        lease.getSpec().setHolderIdentity(null);
        lease.getSpec().setLeaseDurationSeconds(1);
        cluster.client().leases().inNamespace("deckhand").resource(lease).update();

        LeaseGrant next = assertInstanceOf(LeaseAttempt.Acquired.class, lock.tryAcquire("b")).grant();
        assertEquals(0, next.transitions(), "taking a released lease is not a take-over");
    }

    @Test
    void aDeletedLeaseCannotBeRenewedAndIsCreatedAgainByTheNextTaker() {
        KubernetesLeaseLock lock = lock("deleted", Clock.systemUTC());
        LeaseGrant grant = assertInstanceOf(LeaseAttempt.Acquired.class, lock.tryAcquire("a")).grant();
        cluster.client().leases().inNamespace("deckhand").withName("deleted").delete();
        assertTrue(lock.renew(grant).isEmpty());
        assertInstanceOf(LeaseAttempt.Acquired.class, lock.tryAcquire("b"));
    }

    @Test
    void anUnreachableApiServerIsAClusterError() throws Exception {
        try (SandboxCluster gone = SandboxCluster.start(SandboxOptions.builder().nodes(1).simulator(false).agents(false).build())) {
            KubernetesLeaseLock lock = new KubernetesLeaseLock(new CoordinationV1Api(Config.fromConfig(gone.kubeconfigPath().toString())),
                    "deckhand", "x", DURATION, Clock.systemUTC());
            gone.close();
            assertThrows(ClusterUnavailableException.class, () -> lock.tryAcquire("a"));
        }
    }
}
