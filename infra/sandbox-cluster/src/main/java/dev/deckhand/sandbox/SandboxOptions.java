package dev.deckhand.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link SandboxCluster} is built. Use {@link #builder()}; every option has a default.
 *
 * @param nodes                 number of demo nodes (default 5)
 * @param nodePrefix            node names are {@code prefix + i}, i from 1 (default {@code node-})
 * @param seed                  seed of the per-node variation (CPU count, optional images); same seed, same nodes
 * @param apiServerPort         API server port, 0 for a free one (default 0)
 * @param kubeconfigPath        where the kubeconfig is written; null for a temporary file deleted on close
 * @param kubeconfigNamespace   the namespace of the kubeconfig's context (default {@code default})
 * @param controlPlane          whether node 1 is a control-plane node (label and {@code NoSchedule} taint; default true)
 * @param notReadyNodes         names of nodes seeded NotReady (Ready=False and the not-ready taint); default none
 * @param simulator             whether the node simulator runs (default true)
 * @param tick                  simulator period (default 250 ms)
 * @param jobRunDuration        how long a run-to-completion pod runs before it succeeds (default 1 s)
 * @param imagePullFailureGrace how long a Job's pod may fail to pull before the Job fails (default 2 s)
 * @param agents                whether the simulated node agents serve (default true)
 * @param agentPort             agent server port, 0 for a free one (default 0)
 */
public record SandboxOptions(
        int nodes,
        String nodePrefix,
        long seed,
        int apiServerPort,
        Path kubeconfigPath,
        String kubeconfigNamespace,
        boolean controlPlane,
        Set<String> notReadyNodes,
        boolean simulator,
        Duration tick,
        Duration jobRunDuration,
        Duration imagePullFailureGrace,
        boolean agents,
        int agentPort) {

    public SandboxOptions {
        if (nodes < 0) {
            throw new IllegalArgumentException("nodes must be >= 0");
        }
        Objects.requireNonNull(nodePrefix, "nodePrefix");
        Objects.requireNonNull(kubeconfigNamespace, "kubeconfigNamespace");
        notReadyNodes = Set.copyOf(notReadyNodes);
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(jobRunDuration, "jobRunDuration");
        Objects.requireNonNull(imagePullFailureGrace, "imagePullFailureGrace");
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The name of node {@code i} (1-based). */
    public String nodeName(int i) {
        return nodePrefix + i;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.nodes = nodes;
        b.nodePrefix = nodePrefix;
        b.seed = seed;
        b.apiServerPort = apiServerPort;
        b.kubeconfigPath = kubeconfigPath;
        b.kubeconfigNamespace = kubeconfigNamespace;
        b.controlPlane = controlPlane;
        b.notReadyNodes = notReadyNodes;
        b.simulator = simulator;
        b.tick = tick;
        b.jobRunDuration = jobRunDuration;
        b.imagePullFailureGrace = imagePullFailureGrace;
        b.agents = agents;
        b.agentPort = agentPort;
        return b;
    }

    public static final class Builder {
        private int nodes = 5;
        private String nodePrefix = "node-";
        private long seed = 42;
        private int apiServerPort;
        private Path kubeconfigPath;
        private String kubeconfigNamespace = "default";
        private boolean controlPlane = true;
        private Set<String> notReadyNodes = Set.of();
        private boolean simulator = true;
        private Duration tick = Duration.ofMillis(250);
        private Duration jobRunDuration = Duration.ofSeconds(1);
        private Duration imagePullFailureGrace = Duration.ofSeconds(2);
        private boolean agents = true;
        private int agentPort;

        private Builder() {
        }

        public Builder nodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        public Builder nodePrefix(String nodePrefix) {
            this.nodePrefix = nodePrefix;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder apiServerPort(int port) {
            this.apiServerPort = port;
            return this;
        }

        public Builder kubeconfigPath(Path path) {
            this.kubeconfigPath = path;
            return this;
        }

        public Builder kubeconfigNamespace(String namespace) {
            this.kubeconfigNamespace = namespace;
            return this;
        }

        public Builder controlPlane(boolean controlPlane) {
            this.controlPlane = controlPlane;
            return this;
        }

        public Builder notReadyNodes(String... names) {
            this.notReadyNodes = Set.of(names);
            return this;
        }

        public Builder simulator(boolean on) {
            this.simulator = on;
            return this;
        }

        public Builder tick(Duration tick) {
            this.tick = tick;
            return this;
        }

        public Builder jobRunDuration(Duration duration) {
            this.jobRunDuration = duration;
            return this;
        }

        public Builder imagePullFailureGrace(Duration grace) {
            this.imagePullFailureGrace = grace;
            return this;
        }

        public Builder agents(boolean on) {
            this.agents = on;
            return this;
        }

        public Builder agentPort(int port) {
            this.agentPort = port;
            return this;
        }

        public SandboxOptions build() {
            return new SandboxOptions(nodes, nodePrefix, seed, apiServerPort, kubeconfigPath, kubeconfigNamespace,
                    controlPlane, notReadyNodes, simulator, tick, jobRunDuration, imagePullFailureGrace, agents,
                    agentPort);
        }

        /** Builds the options and starts a cluster with them. */
        public SandboxCluster start() {
            return SandboxCluster.start(build());
        }
    }
}
