package dev.deckhand.sandbox;

import dev.deckhand.agent.api.AgentImage;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The container runtimes of all nodes: one {@link NodeImageStore} per node, shared by the simulated agents
 * (pull, remove, list) and the node simulator (images of running pods). Every change is written to the Node's
 * {@code status.images} (JSON patch on {@code /status}) before the call returns.
 */
final class NodeImages {

    private static final Logger LOG = LoggerFactory.getLogger(NodeImages.class);

    private final KubernetesClient client;
    private final ConcurrentHashMap<String, Entry> stores = new ConcurrentHashMap<>();

    private static final class Entry {
        final NodeImageStore store = new NodeImageStore();
        String lastWritten;
    }

    NodeImages(KubernetesClient client) {
        this.client = client;
    }

    /** Seeds a node's runtime with images already listed in its status (no API write). */
    void seed(String node, List<AgentImage> images) {
        Entry entry = new Entry();
        images.forEach(entry.store::put);
        entry.lastWritten = statusJson(entry.store.nodeStatusImages());
        stores.put(node, entry);
    }

    /** Forgets a node's runtime (the node left). */
    void forget(String node) {
        stores.remove(node);
    }

    /**
     * Runs an operation on a node's image store under its lock and writes node status if the images changed.
     */
    <T> T update(String node, Function<NodeImageStore, T> operation) {
        Entry entry = entry(node);
        synchronized (entry) {
            T result = operation.apply(entry.store);
            String json = statusJson(entry.store.nodeStatusImages());
            if (!json.equals(entry.lastWritten)) {
                writeStatus(node, json);
                entry.lastWritten = json;
            }
            return result;
        }
    }

    /** Reads a node's images under its lock. */
    <T> T read(String node, Function<NodeImageStore, T> operation) {
        Entry entry = entry(node);
        synchronized (entry) {
            return operation.apply(entry.store);
        }
    }

    private Entry entry(String node) {
        Entry entry = stores.get(node);
        if (entry != null) {
            return entry;
        }
        Entry fresh = new Entry();
        // A node the sandbox did not seed (created through the API): start from what its status lists.
        Node n = null;
        try {
            n = client.nodes().withName(node).get();
        } catch (KubernetesClientException e) {
            LOG.debug("reading node {} failed: {}", node, e.getMessage());
        }
        if (n != null && n.getStatus() != null && n.getStatus().getImages() != null) {
            for (ContainerImage image : n.getStatus().getImages()) {
                AgentImage converted = fromStatus(image);
                if (converted != null) {
                    fresh.store.put(converted);
                }
            }
            fresh.lastWritten = statusJson(fresh.store.nodeStatusImages());
        }
        Entry raced = stores.putIfAbsent(node, fresh);
        return raced != null ? raced : fresh;
    }

    private static AgentImage fromStatus(ContainerImage image) {
        if (image.getNames() == null || image.getNames().isEmpty()) {
            return null;
        }
        List<String> tags = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (String name : image.getNames()) {
            (name.contains("@") ? digests : tags).add(name);
        }
        String idSource = String.join(",", image.getNames());
        long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
        return new AgentImage("sha256:" + Images.sha256Hex("image-id:" + idSource), tags, digests, size);
    }

    private static String statusJson(List<ContainerImage> images) {
        return Serialization.asJson(images);
    }

    private void writeStatus(String node, String imagesJson) {
        try {
            // JSON patch, not merge patch: the mock's merge patch appends to arrays.
            client.nodes().withName(node).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON), NodeSimulator.replaceAt("/status/images", imagesJson));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            LOG.debug("node {} is gone; its image list is not written", node);
        }
    }
}
