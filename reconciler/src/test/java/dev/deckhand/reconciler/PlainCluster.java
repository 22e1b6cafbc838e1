package dev.deckhand.reconciler;

import dev.deckhand.agents.AgentKind;
import dev.deckhand.agents.AgentObject;
import dev.deckhand.agents.AgentWorkloads;
import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.nodes.NodeDirectory;
import dev.deckhand.nodes.NodeInfo;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Nodes and agent objects as plain data, with a hook run on every create (to move a clock, fail, or block). */
final class PlainCluster implements NodeDirectory, AgentWorkloads {

    interface CreateHook {
        void onCreate(String name);
    }

    private final List<NodeInfo> nodes = new ArrayList<>();
    private final Map<String, AgentObject> objects = new ConcurrentHashMap<>();
    final AtomicInteger lists = new AtomicInteger();
    volatile CreateHook onCreate = name -> { };
    volatile Runnable onList = () -> { };

    PlainCluster(int readyNodes) {
        for (int i = 1; i <= readyNodes; i++) {
            nodes.add(new NodeInfo("node-" + i, true));
        }
    }

    int objects() {
        return objects.size();
    }

    @Override
    public List<NodeInfo> list() {
        lists.incrementAndGet();
        onList.run();
        return List.copyOf(nodes);
    }

    @Override
    public Optional<NodeInfo> find(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    @Override
    public List<AgentObject> list(AgentKind kind) {
        lists.incrementAndGet();
        return objects.values().stream().filter(o -> o.kind() == kind).toList();
    }

    @Override
    public boolean create(V1Deployment deployment) {
        return put(AgentKind.DEPLOYMENT, deployment.getMetadata());
    }

    @Override
    public boolean create(V1Service service) {
        return put(AgentKind.SERVICE, service.getMetadata());
    }

    private boolean put(AgentKind kind, V1ObjectMeta meta) {
        onCreate.onCreate(meta.getName());
        AgentObject object = new AgentObject(kind, meta.getName(), meta.getAnnotations().get(DeckhandLabels.NODE_NAME_ANNOTATION),
                meta.getAnnotations().get(DeckhandLabels.SPEC_HASH_ANNOTATION), "1");
        return objects.putIfAbsent(kind + "/" + meta.getName(), object) == null;
    }

    @Override
    public void replace(V1Deployment deployment, AgentObject observed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void replace(V1Service service, AgentObject observed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void delete(AgentObject observed) {
        objects.remove(observed.kind() + "/" + observed.name());
    }
}
