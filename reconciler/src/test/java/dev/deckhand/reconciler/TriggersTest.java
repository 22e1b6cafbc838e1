package dev.deckhand.reconciler;

import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run-once and daemon triggers against the sandbox (the Lambda one: {@code lambda.ScheduledPassHandlerTest}). */
class TriggersTest {

    private SandboxCluster cluster;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void runOnceGivesEveryNodeItsAgentExitsZeroAndTwoWhenTheClusterIsGone() {
        try (ApplicationContext context = Sandboxes.reconciler(cluster, Map.of())) {
            ReconcilerSettings settings = context.getBean(ReconcilerSettings.class);
            assertEquals(ReconcilerSettings.Mode.ONCE, settings.mode());
            assertEquals(Duration.ofSeconds(50), settings.budget());
            assertFalse(context.containsBean(ScheduledReconciler.class));

            ReconcilePass pass = context.getBean(ReconcilePass.class);
            String printed = stdout(() -> assertEquals(0, ReconcilerApplication.runOnce(pass)));
            assertTrue(printed.lines().anyMatch(line -> line.startsWith("converged: node agents: 6 created")), printed);
            assertEquals(3, Sandboxes.agentDeployments(cluster).size());
            assertEquals(3, Sandboxes.agentServices(cluster));

            cluster.close();
            assertEquals(2, ReconcilerApplication.runOnce(pass));
        }
    }

    @Test
    void runOnceSkipsWithExitZeroWhileAnotherPassHoldsTheLease() {
        try (ApplicationContext context = Sandboxes.reconciler(cluster, Map.of())) {
            LeaseFixtures.hold(cluster, "daemon-pod-5d8f", Duration.ZERO, 30);
            String printed = stdout(() -> assertEquals(0, ReconcilerApplication.runOnce(context.getBean(ReconcilePass.class))));
            assertTrue(printed.lines().anyMatch(line -> line.startsWith("skipped: lease deckhand-reconciler held by daemon-pod-5d8f until ")),
                    printed);
            assertEquals(0, Sandboxes.agentDeployments(cluster).size());
        }
    }

    @Test
    void theDaemonRunsAPassEveryIntervalWithTheIntervalAsBudget() throws Exception {
        try (ApplicationContext context = Sandboxes.reconciler(cluster, Map.of(
                "deckhand.reconciler.mode", "daemon",
                "deckhand.reconciler.interval", "300ms",
                "deckhand.reconciler.initial-delay", "0s"))) {
            assertEquals(ReconcilerSettings.Mode.DAEMON, context.getBean(ReconcilerSettings.class).mode());
            assertTrue(context.containsBean(ScheduledReconciler.class));
            awaitDeployments(3);

            // A node joins: a later tick gives it its agent, with no call from the test.
            cluster.addNode("node-4");
            awaitDeployments(4);
            assertEquals(4, Sandboxes.agentServices(cluster));
        }
    }

    private void awaitDeployments(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Sandboxes.agentDeployments(cluster).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(count, Sandboxes.agentDeployments(cluster).size());
    }

    /** What {@code run} printed (with any log lines, which go to stdout too). */
    private static String stdout(Runnable run) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
