package dev.deckhand.bench;

import dev.deckhand.sandbox.RequestStats;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import dev.deckhand.services.ServicesReconcileResult;
import dev.deckhand.services.ServicesReconciler;
import io.micronaut.context.ApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The services reconcile (seed 001) against the sandbox API server: a compose file with N services, a first pass that
 * creates them, then steady passes on the converged cluster. Requests are counted at the API server, with the node
 * simulator off so that only the reconciler's traffic is seen.
 */
@Command(name = "services", mixinStandardHelpOptions = true, description = "Benchmark the services reconcile pass (steady state).")
public class ServicesBench implements Callable<Integer> {

    @Option(names = "--services", defaultValue = "500", description = "desired services in the compose file (default: ${DEFAULT-VALUE})")
    int services;

    @Option(names = "--steady-passes", defaultValue = "5", description = "steady passes to run; the median is printed (default: ${DEFAULT-VALUE})")
    int steadyPasses;

    @Override
    public Integer call() throws IOException {
        Path compose = Files.createTempFile("deckhand-bench-compose", ".yml");
        try {
            Files.writeString(compose, compose(services));
            try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder()
                    .nodes(3).controlPlane(false).simulator(false).agents(false).build());
                 ApplicationContext context = ApplicationContext.run(Map.of(
                         "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                         "deckhand.services.namespace", "deckhand-services",
                         "deckhand.services.desired-file", compose.toString()))) {
                ServicesReconciler reconciler = context.getBean(ServicesReconciler.class);

                cluster.resetRequestStats();
                long started = System.nanoTime();
                ServicesReconcileResult first = reconciler.reconcile();
                double firstSeconds = (System.nanoTime() - started) / 1e9;
                RequestStats firstStats = cluster.requestStats();
                System.err.printf("first pass: requests=%d writes=%d seconds=%.3f created=%d failures=%d%n", firstStats.total(),
                        firstStats.writes(), firstSeconds, first.created(), first.failures().size());

                double[] seconds = new double[steadyPasses];
                RequestStats steadyStats = null;
                ServicesReconcileResult steady = null;
                for (int i = 0; i < steadyPasses; i++) {
                    cluster.resetRequestStats();
                    started = System.nanoTime();
                    steady = reconciler.reconcile();
                    seconds[i] = (System.nanoTime() - started) / 1e9;
                    steadyStats = cluster.requestStats();
                }
                Arrays.sort(seconds);
                System.out.printf("services desired=%d steady_requests=%d steady_writes=%d seconds=%.3f%n",
                        steady.desired(), steadyStats.total(), steadyStats.writes(), seconds[steadyPasses / 2]);
                System.err.println("  steady requests: " + steadyStats.byVerb());
                boolean onlyLists = steadyStats.byVerb().keySet().stream().allMatch(k -> k.startsWith("list "));
                boolean met = first.created() == 2 * services && first.failures().isEmpty() && steady.desired() == services
                        && steadyStats.writes() == 0 && onlyLists && steadyStats.total() == 2;
                System.err.println(met ? "targets met" : "targets NOT met");
                return met ? 0 : 1;
            }
        } finally {
            Files.deleteIfExists(compose);
        }
    }

    /** N services, a third of them published on fixed node ports, with environment, replicas and commands. */
    static String compose(int n) {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  svc-").append(i).append(":\n")
                    .append("    image: registry.example.com:5000/team/app-").append(i % 17).append(":1.").append(i % 5).append('\n')
                    .append("    environment:\n      INDEX: \"").append(i).append("\"\n      MODE: bench\n")
                    .append("    deploy:\n      replicas: ").append(1 + i % 3).append('\n');
            if (i % 3 == 0) {
                yaml.append("    ports: [\"").append(30000 + i).append(":8080\"]\n");
            }
            if (i % 4 == 0) {
                yaml.append("    command: [serve, --index, \"").append(i).append("\"]\n");
            }
        }
        return yaml.toString();
    }
}
