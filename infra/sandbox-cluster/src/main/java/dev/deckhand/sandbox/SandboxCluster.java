package dev.deckhand.sandbox;

import dev.deckhand.agent.api.AgentImage;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded Kubernetes cluster for trying Deckhand and for end-to-end tests.
 *
 * <ul>
 *   <li>an API server (fabric8 {@code kubernetes-server-mock} in CRUD mode) on {@code http://127.0.0.1:PORT},
 *       reached by production code through the official client with the kubeconfig written at
 *       {@link #kubeconfigPath()};</li>
 *   <li>demo tenants {@code tenant-a}, {@code tenant-b} with PVCs ({@link DemoTenants});</li>
 *   <li>namespaces {@code default}, {@code deckhand}, {@code deckhand-apps} (simplified deployments), {@code deckhand-services} (services, seed 001), {@code kube-system} and N demo nodes {@code node-1..node-N}
 *       (labels, zones, capacity, conditions, nodeInfo, images; node 1 is a tainted control-plane node);</li>
 *   <li>a {@link NodeSimulator} playing the kubelet and the controllers (Deployments, Jobs, PVCs, GC);</li>
 *   <li>{@link NodeAgents}: the node agent HTTP contract for every node at {@link #agentUrlTemplate()};</li>
 *   <li>request accounting for benchmarks: {@link #requestStats()}.</li>
 * </ul>
 *
 * <pre>{@code
 * try (SandboxCluster cluster = SandboxCluster.builder().nodes(5).start()) {
 *     ApiClient api = Config.fromConfig(cluster.kubeconfigPath().toString());
 *     ...
 * }
 * }</pre>
 */
public final class SandboxCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCluster.class);
    /** Namespaces every sandbox starts with. */
    public static final List<String> NAMESPACES = List.of("default", "deckhand", "deckhand-apps", "deckhand-services", "kube-system");

    private final SandboxOptions options;
    private final AtomicInteger nodeIndex = new AtomicInteger();
    private SandboxApiServer apiServer;
    private KubernetesClient client;
    private NodeImages nodeImages;
    private NodeAgents agents;
    private NodeSimulator simulator;
    private Path kubeconfig;
    private boolean ownsKubeconfig;
    private Duration startupTime;
    private boolean closed;
    private ApiServerFrontDoor frontDoor;

    private SandboxCluster(SandboxOptions options) {
        this.options = options;
    }

    /**
     * A kubeconfig (a temporary file, deleted on exit) for a cluster that is not there, for tests of what Deckhand
     * answers when the API server cannot be reached: port 1 of the loopback address, which nothing listens on and
     * which no server started later can take by chance (ephemeral ports start far above it), unlike a port found
     * free now.
     */
    public static Path unreachableKubeconfig() {
        try {
            Path file = Files.createTempFile("deckhand-unreachable", ".kubeconfig");
            file.toFile().deleteOnExit();
            Kubeconfig.write(file, "http://127.0.0.1:1", "default");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SandboxOptions.Builder builder() {
        return SandboxOptions.builder();
    }

    /** Starts a cluster; close it when done. */
    public static SandboxCluster start(SandboxOptions options) {
        SandboxCluster cluster = new SandboxCluster(options);
        try {
            cluster.doStart();
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void doStart() {
        long t0 = System.nanoTime();
        apiServer = new SandboxApiServer();
        apiServer.preload("/api/v1/namespaces", NAMESPACES.stream().map(SandboxCluster::namespace).toList());
        apiServer.preload(StorageClasses.COLLECTION_PATH, StorageClasses.seed());
        long tSeed = System.nanoTime();
        Map<String, List<AgentImage>> seededImages = seedNodes();
        long seedMillis = (System.nanoTime() - tSeed) / 1_000_000;
        apiServer.start(options.apiServerPort());
        client = apiServer.newInternalClient();
        DemoTenants.seed(client);
        nodeImages = new NodeImages(client);
        seededImages.forEach(nodeImages::seed);

        try {
            if (options.kubeconfigPath() != null) {
                kubeconfig = options.kubeconfigPath();
            } else {
                kubeconfig = Files.createTempFile("deckhand-sandbox-", ".kubeconfig");
                ownsKubeconfig = true;
            }
            Kubeconfig.write(kubeconfig, apiServerUrl(), options.kubeconfigNamespace());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox kubeconfig", e);
        }

        RunningContainers containers = new RunningContainers(new ClusterView(apiServer.crud()),
                () -> client.pods().inAnyNamespace().list().getItems());
        agents = new NodeAgents(this::nodeExists, nodeImages, containers::on, containers::anyStateOn);
        if (options.agents()) {
            agents.start(options.agentPort());
        }
        simulator = new NodeSimulator(client, nodeImages, options, new ClusterView(apiServer.crud()));
        if (options.simulator()) {
            simulator.start();
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("sandbox cluster up in {} ms ({} nodes seeded in {} ms): API server {}, kubeconfig {}, agents {}, "
                        + "simulator {}", startupTime.toMillis(), options.nodes(), seedMillis, apiServerUrl(), kubeconfig,
                agents.isRunning() ? agentUrlTemplate() : "off", options.simulator() ? "on" : "off");
    }

    private static Namespace namespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/metadata.name", name).endMetadata()
                .withNewSpec().addToFinalizers("kubernetes").endSpec()
                .withNewStatus().withPhase("Active").endStatus().build();
    }

    /** Stores the demo nodes; returns the images each starts with. */
    private Map<String, List<AgentImage>> seedNodes() {
        Instant created = DemoNodes.now();
        Map<String, List<AgentImage>> images = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        for (int i = 1; i <= options.nodes(); i++) {
            String name = options.nodeName(i);
            int index = nodeIndex.incrementAndGet();
            List<AgentImage> seed = seedImages(index);
            images.put(name, seed);
            nodes.add(buildNode(name, index, seed, created));
        }
        apiServer.preload("/api/v1/nodes", nodes);
        return images;
    }

    private List<AgentImage> seedImages(int index) {
        return DemoNodes.seedImages(index, options.controlPlane() && index == 1, options.seed());
    }

    private Node buildNode(String name, int index, List<AgentImage> images, Instant created) {
        boolean controlPlane = options.controlPlane() && index == 1;
        boolean ready = !options.notReadyNodes().contains(name);
        NodeImageStore view = new NodeImageStore();
        images.forEach(view::put);
        return DemoNodes.node(name, index, controlPlane, ready, options.seed(), view, created);
    }

    private boolean nodeExists(String name) {
        Map<String, String> nodes = apiServer.crud().stored("nodes");
        if (nodes != null) {
            return nodes.containsKey(name);
        }
        try {
            return client.nodes().withName(name).get() != null;
        } catch (KubernetesClientException e) {
            LOG.debug("cannot read node {}: {}", name, e.getMessage());
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Public API

    public SandboxOptions options() {
        return options;
    }

    /** {@code http://127.0.0.1:PORT}: the API server, plain HTTP. */
    public String apiServerUrl() {
        return apiServer.url();
    }

    public int apiServerPort() {
        return apiServer.port();
    }

    /**
     * The kubeconfig for this cluster: server {@link #apiServerUrl()}, a dummy bearer token, current context
     * {@code deckhand-sandbox} with namespace {@link SandboxOptions#kubeconfigNamespace()}.
     */
    public Path kubeconfigPath() {
        return kubeconfig;
    }

    /** {@code http://127.0.0.1:PORT/nodes/{node}}, with the literal placeholder {@code {node}}. */
    public String agentUrlTemplate() {
        return agents.urlTemplate();
    }

    /** The simulated node agents (down switches, stop/start, per-node images). */
    public NodeAgents agents() {
        return agents;
    }

    /** The node simulator (pause/resume/runOnce). */
    public NodeSimulator simulator() {
        return simulator;
    }

    /**
     * A fabric8 client on the sandbox whose requests are not counted in {@link #requestStats()}: for setting up
     * and inspecting state in tests. Shared: do not close it.
     */
    public KubernetesClient client() {
        return client;
    }

    /** Names of the seeded nodes, in order. */
    public List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= options.nodes(); i++) {
            names.add(options.nodeName(i));
        }
        return names;
    }

    /** How long {@link #start(SandboxOptions)} took. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Requests clients made to the API server (the sandbox's own are not counted); see {@link RequestStats}. */
    public RequestStats requestStats() {
        return apiServer.stats();
    }

    public void resetRequestStats() {
        apiServer.resetStats();
    }

    /** Adds a Ready worker node shaped like the seeded ones; returns it. */
    public Node addNode(String name) {
        int index = nodeIndex.incrementAndGet();
        List<AgentImage> images = seedImages(index);
        Node created = client.nodes().resource(buildNode(name, index, images, DemoNodes.now())).create();
        nodeImages.seed(name, images);
        return created;
    }

    /** Deletes a node (its pods stay, as they would when a kubelet disappears, and no longer progress). */
    public void removeNode(String name) {
        client.nodes().withName(name).delete();
        nodeImages.forget(name);
    }

    /**
     * Makes a node Ready or NotReady: the Ready condition and the {@code node.kubernetes.io/not-ready:NoSchedule}
     * taint, as the node lifecycle controller would. Pods on a NotReady node stop progressing.
     */
    public void setNodeReady(String name, boolean ready) {
        Node node = client.nodes().withName(name).get();
        if (node == null) {
            throw new IllegalArgumentException("no node " + name);
        }
        List<Taint> taints = new ArrayList<>(node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of() : node.getSpec().getTaints());
        taints.removeIf(t -> DemoNodes.TAINT_NOT_READY.equals(t.getKey()));
        String now = DemoNodes.now().toString();
        if (!ready) {
            Taint taint = new Taint();
            taint.setKey(DemoNodes.TAINT_NOT_READY);
            taint.setEffect("NoSchedule");
            taint.setTimeAdded(now);
            taints.add(taint);
        }
        // JSON patches: the mock's merge patch would append to the arrays instead of replacing them.
        client.nodes().withName(name).patch(PatchContext.of(PatchType.JSON),
                NodeSimulator.replaceAt("/spec/taints", Serialization.asJson(taints)));
        client.nodes().withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON),
                NodeSimulator.replaceAt("/status/conditions", Serialization.asJson(DemoNodes.conditions(ready, now))));
    }

    /**
     * Makes the next client request {@code METHOD path} (path without query, e.g.
     * {@code PUT /apis/apps/v1/namespaces/deckhand/deployments/x}) fail with {@code status} and a Kubernetes Status
     * body, unserved, as a concurrent writer (409) or a failing API server (500) would make it; queued calls add up.
     */
    public void failNextRequest(String method, String path, int status) {
        apiServer.failNext(method, path, status);
    }

    /** Drops every failure queued by {@link #failNextRequest} and not yet served: the API server accepts again. */
    public void clearFailedRequests() {
        apiServer.clearFailures();
    }

    /**
     * A front door to the API server, made on first use, through which a test can take the API server away from
     * the clients it gives the door's kubeconfig to, or make it hang, and bring it back.
     */
    public synchronized ApiServerFrontDoor frontDoor() {
        if (frontDoor == null) {
            frontDoor = new ApiServerFrontDoor(apiServerPort(), options.kubeconfigNamespace());
        }
        return frontDoor;
    }

    /** Stops the simulator, the agents and the API server, and deletes a temporary kubeconfig. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (frontDoor != null) {
            frontDoor.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (agents != null) {
            agents.close();
        }
        if (client != null) {
            try {
                client.close();
            } catch (KubernetesClientException e) {
                LOG.debug("closing the sandbox client: {}", e.getMessage());
            }
        }
        if (apiServer != null) {
            apiServer.close();
        }
        if (ownsKubeconfig && kubeconfig != null) {
            try {
                Files.deleteIfExists(kubeconfig);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", kubeconfig, e.getMessage());
            }
        }
    }
}
