package dev.deckhand.nodes;

import dev.deckhand.cluster.ListSource;
import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

@Singleton
public class KubernetesNodeDirectory implements NodeDirectory {

    private final CoreV1Api core;
    private final LeanReads reads;

    public KubernetesNodeDirectory(CoreV1Api core, LeanReads reads) {
        this.core = core;
        this.reads = reads;
    }

    @Override
    public List<NodeInfo> list() {
        // No limit/continue: one request whatever the cluster size, which keeps a steady reconcile pass cheap; from the
        // watch cache, as nodes are written by their kubelets, never here: a view a moment old serves the reconcile pass
        // and GET /get/nodes alike.
        return reads.list("list nodes", () -> core.listNode().resourceVersion(ListSource.WATCH_CACHE.resourceVersion())
                .buildCall(null), ListedNode.class).stream()
                .map(ListedNode::toInfo)
                .sorted(Comparator.comparing(NodeInfo::name))
                .toList();
    }

    /**
     * Makes the JSON reader of node lists without sending a request (the reader of a type is built, reflection and
     * all, on its first use; for a cold start that is the first {@code GET /get/nodes}).
     */
    public void prepareReads() {
        reads.prepare(ListedNode.class);
    }

    @Override
    public Optional<NodeInfo> find(String name) {
        try {
            return Optional.of(reads.get("read node " + name, () -> core.readNode(name).buildCall(null), ListedNode.class).toInfo());
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
