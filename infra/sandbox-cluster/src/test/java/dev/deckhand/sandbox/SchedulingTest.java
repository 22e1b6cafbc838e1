package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulingTest {

    private final Map<String, Node> nodes = new LinkedHashMap<>();

    SchedulingTest() {
        nodes.put("cp", node("cp", "zone-a", true, true));
        nodes.put("w1", node("w1", "zone-a", false, true));
        nodes.put("w2", node("w2", "zone-b", false, true));
        nodes.put("down", node("down", "zone-b", false, false));
    }

    @Test
    void unpinnedPodsGoToTheLeastLoadedSchedulableNode() {
        PodSpec spec = new PodSpec();
        assertEquals("w1", Scheduling.schedule(spec, nodes, Map.of()).node());
        assertEquals("w2", Scheduling.schedule(spec, nodes, Map.of("w1", 3, "w2", 1)).node());
    }

    @Test
    void nodeSelectorAndAffinityPin() {
        PodSpec bySelector = new PodSpecBuilder().addToNodeSelector("topology.kubernetes.io/zone", "zone-b").build();
        assertEquals("w2", Scheduling.schedule(bySelector, nodes, Map.of()).node());

        PodSpec byName = new PodSpecBuilder().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchField().withKey("metadata.name").withOperator("In").withValues("w2").endMatchField()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().build();
        assertEquals("w2", Scheduling.schedule(byName, nodes, Map.of("w2", 50)).node());
        assertEquals(List.of("w2"), List.copyOf(Scheduling.pinnedNames(byName)));

        PodSpec notIn = new PodSpecBuilder().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("NotIn").withValues("w1").endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().build();
        assertEquals("w2", Scheduling.schedule(notIn, nodes, Map.of()).node());
    }

    @Test
    void taintsNeedTolerationsAndNotReadyNodesAreSkipped() {
        PodSpec toCp = new PodSpecBuilder().addToNodeSelector("kubernetes.io/hostname", "cp").build();
        Scheduling.Decision refused = Scheduling.schedule(toCp, nodes, Map.of());
        assertNull(refused.node());
        assertEquals("0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
                + "3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: "
                + "4 Preemption is not helpful for scheduling.", refused.message());

        PodSpec tolerating = new PodSpecBuilder(toCp).withTolerations(new TolerationBuilder()
                .withKey("node-role.kubernetes.io/control-plane").withOperator("Exists").withEffect("NoSchedule").build()).build();
        assertEquals("cp", Scheduling.schedule(tolerating, nodes, Map.of()).node());

        PodSpec toDown = new PodSpecBuilder().addToNodeSelector("kubernetes.io/hostname", "down").build();
        Scheduling.Decision notReady = Scheduling.schedule(toDown, nodes, Map.of());
        assertNull(notReady.node());
        assertTrue(notReady.message().contains("untolerated taint {node.kubernetes.io/not-ready: }"), notReady.message());

        PodSpec tolerateAll = new PodSpecBuilder(toDown).withTolerations(new TolerationBuilder().withOperator("Exists").build()).build();
        assertEquals("down", Scheduling.schedule(tolerateAll, nodes, Map.of()).node());
    }

    @Test
    void aPodAskingForAnExtendedResourceFitsOnlyWhereItIsAllocatable() {
        PodSpec gpu = new PodSpecBuilder().addNewContainer().withName("app").withNewResources()
                .addToLimits("nvidia.com/gpu", new Quantity("1")).addToLimits("cpu", new Quantity("1")).endResources().endContainer().build();
        Scheduling.Decision none = Scheduling.schedule(gpu, nodes, Map.of());
        assertNull(none.node());
        assertTrue(none.message().startsWith("0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
                + "1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 2 Insufficient nvidia.com/gpu."), none.message());

        nodes.get("w2").getStatus().setAllocatable(Map.of("nvidia.com/gpu", new Quantity("2")));
        assertEquals("w2", Scheduling.schedule(gpu, nodes, Map.of()).node());
    }

    private static Node node(String name, String zone, boolean controlPlane, boolean ready) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).addToLabels("topology.kubernetes.io/zone", zone).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withConditions(DemoNodes.conditions(ready, "2026-01-01T00:00:00Z")).endStatus();
        Node node = b.build();
        if (controlPlane) {
            node.getSpec().setTaints(List.of(new TaintBuilder().withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").build()));
        }
        return node;
    }
}
