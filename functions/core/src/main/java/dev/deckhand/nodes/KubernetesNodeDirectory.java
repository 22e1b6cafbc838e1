package dev.deckhand.nodes;

import dev.deckhand.cluster.KubernetesCalls;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

@Singleton
public class KubernetesNodeDirectory implements NodeDirectory {

    private final CoreV1Api core;

    public KubernetesNodeDirectory(CoreV1Api core) {
        this.core = core;
    }

    @Override
    public List<NodeInfo> list() {
        // No limit/continue: one request whatever the cluster size, which keeps a steady reconcile pass cheap.
        var nodes = KubernetesCalls.call("list nodes", () -> core.listNode().execute());
        return nodes.getItems().stream()
                .map(KubernetesNodeDirectory::toInfo)
                .sorted(Comparator.comparing(NodeInfo::name))
                .toList();
    }

    @Override
    public Optional<NodeInfo> find(String name) {
        try {
            return Optional.of(toInfo(KubernetesCalls.call("read node " + name, () -> core.readNode(name).execute())));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static NodeInfo toInfo(V1Node node) {
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(V1NodeCondition::getStatus)
                .anyMatch("True"::equals);
        return new NodeInfo(node.getMetadata().getName(), ready);
    }
}
