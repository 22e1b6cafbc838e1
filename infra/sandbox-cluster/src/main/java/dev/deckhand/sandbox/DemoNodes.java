package dev.deckhand.sandbox;

import dev.deckhand.agent.api.AgentImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** Demo nodes shaped like the nodes of a small kubeadm cluster on containerd. */
final class DemoNodes {

    static final String LABEL_HOSTNAME = "kubernetes.io/hostname";
    static final String LABEL_ZONE = "topology.kubernetes.io/zone";
    static final String LABEL_REGION = "topology.kubernetes.io/region";
    static final String LABEL_CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
    static final String TAINT_NOT_READY = "node.kubernetes.io/not-ready";
    static final String TAINT_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

    static final String KUBELET_VERSION = "v1.30.4";
    static final String CONTAINER_RUNTIME = "containerd://1.7.20";
    static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");

    /** A seeded image: reference, size. */
    private record Seed(String reference, long size) {
    }

    private static final List<Seed> WORKER_IMAGES = List.of(
            new Seed("registry.k8s.io/pause:3.10", 320_368L),
            new Seed("registry.k8s.io/kube-proxy:v1.30.4", 29_036_812L),
            new Seed("docker.io/flannel/flannel:v0.25.6", 31_336_614L),
            new Seed("docker.io/library/busybox:1.36", 4_261_550L),
            new Seed("docker.io/library/nginx:1.27", 72_955_450L));
    private static final List<Seed> CONTROL_PLANE_IMAGES = List.of(
            new Seed("registry.k8s.io/etcd:3.5.15-0", 56_909_194L),
            new Seed("registry.k8s.io/kube-apiserver:v1.30.4", 32_754_832L),
            new Seed("registry.k8s.io/coredns/coredns:v1.11.1", 18_182_961L));
    private static final List<Seed> OPTIONAL_IMAGES = List.of(
            new Seed("docker.io/library/redis:7.2", 40_008_950L),
            new Seed("docker.io/library/postgres:16", 153_562_430L),
            new Seed("quay.io/prometheus/node-exporter:v1.8.2", 12_390_017L));

    private DemoNodes() {
    }

    /** The images node {@code index} (1-based) starts with. */
    static List<AgentImage> seedImages(int index, boolean controlPlane, long seed) {
        List<Seed> seeds = new ArrayList<>(WORKER_IMAGES);
        if (controlPlane) {
            seeds.addAll(CONTROL_PLANE_IMAGES);
        }
        Random random = new Random(seed * 31 + index);
        for (Seed optional : OPTIONAL_IMAGES) {
            if (random.nextInt(3) == 0) {
                seeds.add(optional);
            }
        }
        List<AgentImage> images = new ArrayList<>();
        for (Seed s : seeds) {
            images.add(SEEDED.computeIfAbsent(s, DemoNodes::agentImage));
        }
        return images;
    }

    private static final Map<Seed, AgentImage> SEEDED = new ConcurrentHashMap<>();

    private static AgentImage agentImage(Seed s) {
        Images.Normalized n = Images.normalize(s.reference());
        return new AgentImage(Images.imageId(n), List.of(n.canonical()),
                List.of(n.repository() + "@" + Images.digest(n)), s.size());
    }

    /** The node's address on the (imaginary) node network. */
    static String internalIp(int index) {
        int n = index + 10;
        return "10.0." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    static String podCidr(int index) {
        return "10." + (128 + ((index >> 8) & 0x3f)) + "." + (index & 0xff) + ".0/24";
    }

    static Node node(String name, int index, boolean controlPlane, boolean ready, long seed, NodeImageStore images,
                     Instant created) {
        Random random = new Random(seed * 17 + index);
        int cpus = controlPlane ? 4 : List.of(8, 16, 32).get(random.nextInt(3));
        long memoryKi = cpus * 4L * 1024 * 1024 - 204_800 - random.nextInt(65_536);
        long storageKi = 102_626_232L;

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put(LABEL_HOSTNAME, name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("node.kubernetes.io/instance-type", "sandbox-" + cpus + "cpu");
        labels.put(LABEL_REGION, "sandbox");
        labels.put(LABEL_ZONE, ZONES.get((index - 1) % ZONES.size()));
        if (controlPlane) {
            labels.put(LABEL_CONTROL_PLANE, "");
            labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "");
        }

        List<Taint> taints = new ArrayList<>();
        if (controlPlane) {
            taints.add(new TaintBuilder().withKey(LABEL_CONTROL_PLANE).withEffect("NoSchedule").build());
        }
        if (!ready) {
            taints.add(new TaintBuilder().withKey(TAINT_NOT_READY).withEffect("NoSchedule")
                    .withTimeAdded(created.toString()).build());
        }

        String since = created.toString();
        String hash = Images.sha256Hex("node:" + name + ":" + seed);
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .addToAnnotations("volumes.kubernetes.io/controller-managed-attach-detach", "true")
                .endMetadata()
                .withNewSpec()
                .withPodCIDR(podCidr(index))
                .withPodCIDRs(podCidr(index))
                .withProviderID("sandbox://" + name)
                .withTaints(taints)
                .endSpec()
                .withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress(internalIp(index)).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withCapacity(resources(cpus, memoryKi + 204_800, storageKi))
                .withAllocatable(resources(cpus, memoryKi, storageKi * 9 / 10))
                .withConditions(conditions(ready, since))
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64")
                .withBootID(uuid(hash.substring(0, 32)))
                .withContainerRuntimeVersion(CONTAINER_RUNTIME)
                .withKernelVersion("6.1.0-25-amd64")
                .withKubeProxyVersion(KUBELET_VERSION)
                .withKubeletVersion(KUBELET_VERSION)
                .withMachineID(hash.substring(32))
                .withOperatingSystem("linux")
                .withOsImage("Debian GNU/Linux 12 (bookworm)")
                .withSystemUUID(uuid(hash.substring(16, 48)))
                .endNodeInfo()
                .withImages(images.nodeStatusImages())
                .endStatus()
                .build();
    }

    static List<NodeCondition> conditions(boolean ready, String since) {
        List<NodeCondition> list = new ArrayList<>();
        list.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", since));
        list.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", since));
        list.add(condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                since));
        list.add(ready
                ? condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", since)
                : condition("Ready", "False", "KubeletNotReady",
                "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                        + "message:Network plugin returns error: cni plugin not initialized", since));
        return list;
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String since) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(since).withLastTransitionTime(since).build();
    }

    private static Map<String, Quantity> resources(int cpus, long memoryKi, long storageKi) {
        Map<String, Quantity> r = new LinkedHashMap<>();
        r.put("cpu", new Quantity(String.valueOf(cpus)));
        r.put("ephemeral-storage", new Quantity(storageKi + "Ki"));
        r.put("hugepages-1Gi", new Quantity("0"));
        r.put("hugepages-2Mi", new Quantity("0"));
        r.put("memory", new Quantity(memoryKi + "Ki"));
        r.put("pods", new Quantity("110"));
        return r;
    }

    private static String uuid(String hex32) {
        return hex32.substring(0, 8) + "-" + hex32.substring(8, 12) + "-" + hex32.substring(12, 16) + "-"
                + hex32.substring(16, 20) + "-" + hex32.substring(20, 32);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
