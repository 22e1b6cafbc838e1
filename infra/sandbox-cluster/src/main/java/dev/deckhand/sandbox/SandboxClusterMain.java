package dev.deckhand.sandbox;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox cluster until interrupted, for poking at it with kubectl or curl:
 * {@code java -cp ... dev.deckhand.sandbox.SandboxClusterMain [--nodes N] [--port P] [--kubeconfig PATH]}.
 */
public final class SandboxClusterMain {

    private SandboxClusterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SandboxOptions.Builder options = SandboxCluster.builder();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--nodes" -> options.nodes(Integer.parseInt(require(args[i], value)));
                case "--port" -> options.apiServerPort(Integer.parseInt(require(args[i], value)));
                case "--agent-port" -> options.agentPort(Integer.parseInt(require(args[i], value)));
                case "--kubeconfig" -> options.kubeconfigPath(Path.of(require(args[i], value)));
                case "--no-simulator" -> {
                    options.simulator(false);
                    continue;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --nodes N, --port P, --agent-port P, --kubeconfig PATH, --no-simulator");
            }
            i++;
        }
        SandboxCluster cluster = options.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.println("API server:  " + cluster.apiServerUrl());
        System.out.println("kubeconfig:  " + cluster.kubeconfigPath());
        System.out.println("node agents: " + cluster.agentUrlTemplate());
        System.out.println("nodes:       " + cluster.options().nodes() + " (" + cluster.options().nodeName(1) + " ...)");
        stopped.await();
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
