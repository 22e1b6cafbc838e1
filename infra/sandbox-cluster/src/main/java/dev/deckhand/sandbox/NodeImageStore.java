package dev.deckhand.sandbox;

import dev.deckhand.agent.api.AgentImage;
import io.fabric8.kubernetes.api.model.ContainerImage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images of one node's container runtime (CRI semantics). Not thread-safe: {@link NodeImages} guards it.
 */
final class NodeImageStore {

    /** The kubelet reports at most this many images in node status ({@code --node-status-max-images}). */
    static final int NODE_STATUS_MAX_IMAGES = 50;

    private final Map<String, AgentImage> byId = new LinkedHashMap<>();

    List<AgentImage> list() {
        return List.copyOf(byId.values());
    }

    /** The image named by an id, a {@code repo:tag} or a {@code repo@digest}, or null. */
    AgentImage find(String reference) {
        if (Images.looksLikeImageId(reference)) {
            String id = reference.startsWith("sha256:") ? reference : "sha256:" + reference;
            return byId.get(id);
        }
        Images.Normalized n = Images.normalize(reference);
        for (AgentImage image : byId.values()) {
            if (n.tag() != null && image.repoTags().contains(n.repository() + ":" + n.tag())) {
                return image;
            }
            if (n.tag() == null && image.repoDigests().contains(n.repository() + "@" + n.digest())) {
                return image;
            }
        }
        return null;
    }

    /** Adds the image of a reference the registry resolves; returns it (the existing one when present). */
    AgentImage add(Images.Normalized n) {
        String lookup = n.canonical();
        AgentImage existing = find(lookup);
        if (existing != null) {
            return existing;
        }
        String id = Images.imageId(n);
        List<String> tags = n.tag() != null ? List.of(n.repository() + ":" + n.tag()) : List.of();
        List<String> digests = List.of(n.repository() + "@" + Images.digest(n));
        AgentImage image = new AgentImage(id, tags, digests, Images.size(n));
        byId.put(id, image);
        return image;
    }

    /** Adds an image as it is (seeding). */
    void put(AgentImage image) {
        byId.put(image.id(), image);
    }

    /** Removes the image a reference names, with all its tags. Returns whether there was one. */
    boolean remove(String reference) {
        AgentImage image = find(reference);
        if (image == null) {
            return false;
        }
        byId.remove(image.id());
        return true;
    }

    long usedBytes() {
        return byId.values().stream().mapToLong(AgentImage::size).sum();
    }

    int size() {
        return byId.size();
    }

    /** The node status view: largest first, at most 50, names are digests then tags (as the kubelet does). */
    List<ContainerImage> nodeStatusImages() {
        List<AgentImage> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparingLong(AgentImage::size).reversed());
        List<ContainerImage> out = new ArrayList<>();
        for (AgentImage image : sorted) {
            if (out.size() == NODE_STATUS_MAX_IMAGES) {
                break;
            }
            List<String> names = new ArrayList<>(image.repoDigests());
            names.addAll(image.repoTags());
            out.add(new ContainerImage(names, image.size()));
        }
        return out;
    }
}
