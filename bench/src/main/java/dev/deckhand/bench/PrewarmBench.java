package dev.deckhand.bench;

import dev.deckhand.images.NodeAgentClient;
import dev.deckhand.prewarm.NewPrewarmTask;
import dev.deckhand.prewarm.PrewarmReconcileResult;
import dev.deckhand.prewarm.PrewarmReconciler;
import dev.deckhand.prewarm.PrewarmService;
import dev.deckhand.prewarm.PrewarmTask;
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
 * A prewarm task over the sandbox: N nodes, two images, batches of B, in agent mode, driven by the production
 * {@link PrewarmReconciler} pass as the reconciler runs it. Requests are counted at the API server and at the
 * simulated agents (the simulator's own traffic is not counted).
 */
@Command(name = "prewarm", mixinStandardHelpOptions = true, description = "Benchmark a prewarm task.")
public class PrewarmBench implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "1000", description = "nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--batch-size", defaultValue = "50", description = "batchSize (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--pull-delay-ms", defaultValue = "20", description = "how long each simulated pull takes, ms (default: ${DEFAULT-VALUE})")
    long pullDelayMillis;

    @Override
    public Integer call() {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(nodes).controlPlane(false).build());
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                     "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                     "deckhand.agent.namespace", "deckhand",
                     "deckhand.bench.in-flight", "true"))) {
            cluster.agents().setPullDelay(Duration.ofMillis(pullDelayMillis));
            PrewarmService service = context.getBean(PrewarmService.class);
            PrewarmReconciler reconciler = context.getBean(PrewarmReconciler.class);
            InFlightAgentClient agents = (InFlightAgentClient) context.getBean(NodeAgentClient.class);
            String id = service.create(new NewPrewarmTask(List.of("busybox:1.36", "registry.example/team/app:3"), batchSize,
                    Map.of(), null, null, "agent")).id();
            cluster.resetRequestStats();
            cluster.agents().resetRequestCount();

            long started = System.nanoTime();
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(10));
            while (!service.get(id).effectivePhase().finished() && Instant.now().isBefore(giveUp)) {
                PrewarmReconcileResult pass = reconciler.reconcile(Instant.now().plusSeconds(30));
                if (!pass.converged()) {
                    System.err.println("pass failed: " + pass.describe());
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            PrewarmTask done = service.get(id);
            long requests = cluster.requestStats().total() + cluster.agents().requestCount();
            double perNode = (double) requests / nodes;
            System.out.printf("prewarm nodes=%d batches=%d requests=%d requests_per_node=%.3f max_in_flight=%d seconds=%.3f%n",
                    nodes, done.status().progress().totalBatches(), requests, perNode, agents.maxInFlight(), seconds);
            System.err.println("  task " + id + ": " + done.status().phase() + ", " + done.status().progress()
                    + "\n  API server: " + cluster.requestStats() + "\n  agents: " + cluster.agents().requestCount());
            boolean met = "completed".equals(done.status().phase()) && perNode <= 3.0 && agents.maxInFlight() <= batchSize;
            System.err.println(met ? "targets met" : "targets NOT met");
            return met ? 0 : 1;
        }
    }
}
