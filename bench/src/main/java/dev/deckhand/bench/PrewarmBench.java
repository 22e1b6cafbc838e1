package dev.deckhand.bench;

import dev.deckhand.images.NodeAgentClient;
import dev.deckhand.prewarm.NewPrewarmTask;
import dev.deckhand.prewarm.PrewarmReconcileResult;
import dev.deckhand.prewarm.PrewarmReconciler;
import dev.deckhand.prewarm.PrewarmService;
import dev.deckhand.prewarm.PrewarmTask;
import dev.deckhand.rollout.RolloutStrategy;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Prewarm tasks over the sandbox: N nodes, two images, batchSize B, in agent mode, driven by the production
 * {@link PrewarmReconciler} pass as the reconciler runs it, once per strategy. A share of the nodes (the stragglers,
 * the same ones for every strategy) pull ten times slower. Requests are counted at the API server and at the simulated
 * agents (the simulator's own traffic is not counted).
 */
@Command(name = "prewarm", mixinStandardHelpOptions = true, description = "Benchmark prewarm tasks, batch against window.")
public class PrewarmBench implements Callable<Integer> {

    /** Most requests per node (API server and agents together; two of them are the pulls). */
    static final double MAX_REQUESTS_PER_NODE = 3.0;
    /** Window's time as a share of batch's, at most. */
    static final double MAX_WINDOW_SHARE = 0.6;

    @Option(names = "--nodes", defaultValue = "1000", description = "nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--batch-size", defaultValue = "50", description = "batchSize (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--pull-delay-ms", defaultValue = "20", description = "how long each simulated pull takes, ms (default: ${DEFAULT-VALUE})")
    long pullDelayMillis;

    @Option(names = "--stragglers", defaultValue = "0", description = "share of the nodes whose pulls are slower, 0 to 1 (default: ${DEFAULT-VALUE})")
    double stragglers;

    @Option(names = "--straggler-factor", defaultValue = "10", description = "how many times slower a straggler pulls (default: ${DEFAULT-VALUE})")
    int stragglerFactor;

    @Option(names = "--strategy", split = ",", defaultValue = "batch,window",
            description = "strategies to run, in order (default: ${DEFAULT-VALUE})")
    List<String> strategies;

    record Run(RolloutStrategy strategy, String phase, double seconds, double requestsPerNode, int maxInFlight) {
    }

    @Override
    public Integer call() {
        if (stragglers < 0 || stragglers > 1) {
            throw new IllegalArgumentException("--stragglers must be from 0 to 1");
        }
        List<RolloutStrategy> order = strategies.stream().map(s -> RolloutStrategy.parse(s).orElseThrow(
                () -> new IllegalArgumentException("--strategy: " + s + " is not " + RolloutStrategy.choices()))).toList();
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(nodes).controlPlane(false).build());
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                     "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                     "deckhand.agent.namespace", "deckhand",
                     "deckhand.bench.in-flight", "true"))) {
            Duration delay = Duration.ofMillis(pullDelayMillis);
            cluster.agents().setPullDelay(delay);
            List<String> slow = new ArrayList<>(cluster.nodeNames());
            Collections.shuffle(slow, new Random(42));
            slow = slow.subList(0, (int) Math.round(slow.size() * stragglers));
            slow.forEach(n -> cluster.agents().setPullDelay(n, delay.multipliedBy(stragglerFactor)));
            System.err.printf("  %d nodes, %d stragglers (pulls of %d ms instead of %d ms), batchSize %d%n", nodes, slow.size(),
                    pullDelayMillis * stragglerFactor, pullDelayMillis, batchSize);

            PrewarmService service = context.getBean(PrewarmService.class);
            PrewarmReconciler reconciler = context.getBean(PrewarmReconciler.class);
            InFlightAgentClient agents = (InFlightAgentClient) context.getBean(NodeAgentClient.class);
            List<Run> runs = new ArrayList<>();
            for (RolloutStrategy strategy : order) {
                // Images of their own per run, so that no node has them already.
                List<String> images = List.of("busybox:1.36-" + strategy.wire(), "registry.example/team/app:3-" + strategy.wire());
                String id = service.create(new NewPrewarmTask(images, batchSize, Map.of(), null, null, "agent",
                        strategy.wire())).id();
                cluster.resetRequestStats();
                cluster.agents().resetRequestCount();
                agents.reset();

                long started = System.nanoTime();
                Instant giveUp = Instant.now().plus(Duration.ofMinutes(15));
                while (!service.get(id).effectivePhase().finished() && Instant.now().isBefore(giveUp)) {
                    PrewarmReconcileResult pass = reconciler.reconcile(Instant.now().plusSeconds(30));
                    if (!pass.converged()) {
                        System.err.println("pass failed: " + pass.describe());
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                PrewarmTask done = service.get(id);
                long requests = cluster.requestStats().total() + cluster.agents().requestCount();
                Run run = new Run(strategy, done.status().phase(), seconds, (double) requests / nodes, agents.maxInFlight());
                runs.add(run);
                System.out.printf(Locale.ROOT, "prewarm strategy=%s nodes=%d seconds=%.3f requests_per_node=%.3f max_in_flight=%d%n",
                        strategy.wire(), nodes, seconds, run.requestsPerNode(), run.maxInFlight());
                System.err.println("  task " + id + ": " + done.status().phase() + ", " + done.status().progress()
                        + "\n  API server: " + cluster.requestStats() + "\n  agents: " + cluster.agents().requestCount());
            }
            return met(runs) ? 0 : 1;
        }
    }

    private boolean met(List<Run> runs) {
        List<String> missed = new ArrayList<>();
        for (Run run : runs) {
            String s = run.strategy().wire();
            if (!"completed".equals(run.phase())) {
                missed.add(s + " ended " + run.phase());
            }
            if (run.requestsPerNode() > MAX_REQUESTS_PER_NODE) {
                missed.add(s + " made " + run.requestsPerNode() + " requests per node (at most " + MAX_REQUESTS_PER_NODE + ")");
            }
            if (run.maxInFlight() > batchSize) {
                missed.add(s + " had " + run.maxInFlight() + " pulls in flight (batchSize " + batchSize + ")");
            }
        }
        Run batch = runs.stream().filter(r -> r.strategy() == RolloutStrategy.BATCH).findFirst().orElse(null);
        Run window = runs.stream().filter(r -> r.strategy() == RolloutStrategy.WINDOW).findFirst().orElse(null);
        if (batch != null && window != null) {
            double share = window.seconds() / batch.seconds();
            System.err.printf(Locale.ROOT, "  window took %.2f of batch's time (target at most %.2f)%n", share, MAX_WINDOW_SHARE);
            if (stragglers > 0 && share > MAX_WINDOW_SHARE) {
                missed.add(String.format(Locale.ROOT, "window took %.2f of batch's time (at most %.2f)", share, MAX_WINDOW_SHARE));
            }
        }
        missed.forEach(m -> System.err.println("  target missed: " + m));
        System.err.println(missed.isEmpty() ? "targets met" : "targets NOT met");
        return missed.isEmpty();
    }
}
