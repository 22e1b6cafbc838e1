package dev.deckhand.reconciler;

import dev.deckhand.sandbox.ApiServerFrontDoor;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.retry.event.RetryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon with its API server taken away mid-run (the sandbox's front door closes: connections refused) and
 * given back: it backs off while the server is gone, with growing delays, and converges once it is back.
 */
class ApiServerOutageTest {

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
    void theDaemonBacksOffWhileTheApiServerIsDownAndConvergesWhenItIsBack() throws Exception {
        ApiServerFrontDoor door = cluster.frontDoor();
        List<Long> retriesAtMillis = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "kubernetes.client.kube-config-path", door.kubeconfigPath().toString(),
                "deckhand.agent.namespace", "deckhand",
                "deckhand.reconciler.mode", "daemon",
                // Each pass reads 8 objects before it writes, within its budget (the interval), on a loaded machine.
                "deckhand.reconciler.interval", "500ms",
                "deckhand.reconciler.initial-delay", "0s",
                "deckhand.reconciler.retry.delay", "100ms",
                "deckhand.reconciler.retry.attempts", "20"))) {
            context.registerSingleton(ApplicationEventListener.class, new ApplicationEventListener<Object>() {
                @Override
                public void onApplicationEvent(Object event) {
                    retriesAtMillis.add((System.nanoTime() - t0) / 1_000_000);
                }

                @Override
                public boolean supports(Object event) {
                    return event instanceof RetryEvent;
                }
            });
            awaitDeployments(3);

            door.down();
            cluster.addNode("node-4");
            Thread.sleep(2_000);
            assertEquals(3, Sandboxes.agentDeployments(cluster).size(), "nothing can be written while the API server is gone");
            // Ticks every 500 ms would make 4 attempts in 2 s, retries without backoff 20; doubling delays from 100 ms make at most 5.
            List<Long> during = List.copyOf(retriesAtMillis);
            assertTrue(during.size() >= 2 && during.size() <= 6, "retries while down: " + during);
            for (int i = 2; i < during.size(); i++) {
                long gap = during.get(i) - during.get(i - 1);
                long previous = during.get(i - 1) - during.get(i - 2);
                assertTrue(gap > previous, "each wait longer than the one before: " + during);
            }

            door.up();
            awaitDeployments(4);
            assertEquals(4, Sandboxes.agentServices(cluster));
        }
    }

    private void awaitDeployments(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (Sandboxes.agentDeployments(cluster).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(count, Sandboxes.agentDeployments(cluster).size());
    }
}
