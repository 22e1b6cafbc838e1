package dev.deckhand.bench;

import dev.deckhand.agents.AgentReconcileResult;
import dev.deckhand.agents.NodeAgentReconciler;
import dev.deckhand.sandbox.RequestStats;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The node-agent reconcile against the sandbox API server with N nodes: a first pass on an empty
 * cluster, then a steady pass on the converged one. Requests are counted at the API server, with the
 * node simulator off so that only the reconciler's traffic is seen.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true, description = "Benchmark the node-agent reconcile pass.")
public class ReconcileBench implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "5000", description = "number of nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--steady-passes", defaultValue = "5", description = "steady passes to run; the median is printed (default: ${DEFAULT-VALUE})")
    int steadyPasses;

    @Override
    public Integer call() {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder()
                .nodes(nodes).controlPlane(false).simulator(false).agents(false).build());
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                     "kubernetes.client.namespace", "deckhand",
                     "deckhand.agent.namespace", "deckhand"))) {
            NodeAgentReconciler reconciler = context.getBean(NodeAgentReconciler.class);

            cluster.resetRequestStats();
            long started = System.nanoTime();
            AgentReconcileResult first = reconciler.reconcile();
            double firstSeconds = (System.nanoTime() - started) / 1e9;
            print("first", cluster.requestStats(), firstSeconds, first);

            double[] steadySeconds = new double[steadyPasses];
            RequestStats steadyStats = null;
            AgentReconcileResult steady = null;
            for (int i = 0; i < steadyPasses; i++) {
                cluster.resetRequestStats();
                started = System.nanoTime();
                steady = reconciler.reconcile();
                steadySeconds[i] = (System.nanoTime() - started) / 1e9;
                steadyStats = cluster.requestStats();
            }
            java.util.Arrays.sort(steadySeconds);
            print("steady", steadyStats, steadySeconds[steadyPasses / 2], steady);
            boolean met = first.writes() == 2L * nodes && first.converged()
                    && steadyStats.total() <= 5 && steadyStats.writes() == 0 && steadySeconds[steadyPasses / 2] < 1.0;
            System.err.println(met ? "targets met" : "targets NOT met");
            return met ? 0 : 1;
        }
    }

    private void print(String pass, RequestStats stats, double seconds, AgentReconcileResult result) {
        System.out.printf("pass=%s nodes=%d requests=%d writes=%d seconds=%.3f%n", pass, nodes, stats.total(), stats.writes(), seconds);
        if (!result.converged()) {
            System.err.println("  failures: " + result.failures().size() + ", first: " + result.failures().get(0));
        }
    }
}
