package dev.deckhand.bench;

import dev.deckhand.cleanup.CleanupReconcileResult;
import dev.deckhand.cleanup.CleanupReconciler;
import dev.deckhand.cleanup.CleanupService;
import dev.deckhand.cleanup.CleanupTask;
import dev.deckhand.cleanup.NewCleanupTask;
import dev.deckhand.images.NodeAgentClient;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * An image cleanup over the sandbox: N nodes, every image no container uses, batches of B, driven by the production
 * {@link CleanupReconciler} pass as the reconciler runs it. Requests are counted at the API server and at the simulated
 * agents (the simulator's own traffic is not counted), as {@link PrewarmBench} counts them.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true, description = "Benchmark an image cleanup.")
public class CleanupBench implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "1000", description = "nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--batch-size", defaultValue = "50", description = "batchSize (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--strategy", defaultValue = "batch", description = "batch or window (default: ${DEFAULT-VALUE})")
    String strategy;

    @Override
    public Integer call() {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(nodes).controlPlane(false).build());
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                     "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                     "deckhand.agent.namespace", "deckhand",
                     "deckhand.bench.in-flight", "true"))) {
            CleanupService service = context.getBean(CleanupService.class);
            CleanupReconciler reconciler = context.getBean(CleanupReconciler.class);
            InFlightAgentClient agents = (InFlightAgentClient) context.getBean(NodeAgentClient.class);
            String id = service.create(new NewCleanupTask(Map.of(), batchSize, List.of(), null, List.of(), false, strategy)).id();
            cluster.resetRequestStats();
            cluster.agents().resetRequestCount();

            long started = System.nanoTime();
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(10));
            while (!service.get(id).effectivePhase().finished() && Instant.now().isBefore(giveUp)) {
                CleanupReconcileResult pass = reconciler.reconcile(Instant.now().plusSeconds(30));
                if (!pass.converged()) {
                    System.err.println("pass failed: " + pass.describe());
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            CleanupTask done = service.get(id);
            long apiRequests = cluster.requestStats().total();
            long requests = apiRequests + cluster.agents().requestCount();
            double perNode = (double) requests / nodes;
            System.out.printf("cleanup nodes=%d batches=%d requests=%d requests_per_node=%.3f max_in_flight=%d seconds=%.3f%n",
                    nodes, done.status().progress().totalBatches(), requests, perNode, agents.maxInFlight(), seconds);
            System.err.println("  cleanup " + id + " (" + strategy + "): " + done.status().phase() + ", "
                    + done.status().progress() + ", " + done.status().imagesRemoved() + " images removed, "
                    + done.status().bytesFreed() + " bytes\n  API server: " + cluster.requestStats()
                    + "\n  agents: " + cluster.agents().requestCount());
            boolean met = "completed".equals(done.status().phase()) && perNode <= 3.0 && agents.maxInFlight() <= batchSize;
            System.err.println(met ? "targets met" : "targets NOT met");
            return met ? 0 : 1;
        }
    }
}
