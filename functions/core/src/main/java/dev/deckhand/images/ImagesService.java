package dev.deckhand.images;

import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.ImageReference;
import dev.deckhand.nodes.NodeDirectory;
import dev.deckhand.nodes.UnknownNodeException;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Images on one node, through that node's agent. The node must exist (404 otherwise) and an image
 * reference must parse (400 otherwise) before the agent is called.
 */
@Singleton
public class ImagesService {

    private final NodeDirectory nodes;
    private final NodeAgentClient agents;

    public ImagesService(NodeDirectory nodes, NodeAgentClient agents) {
        this.nodes = nodes;
        this.agents = agents;
    }

    public List<NodeImage> list(String node) {
        requireNode(node);
        return toEntries(agents.listImages(node));
    }

    public void pull(String node, String image) {
        ImageReference.parse(image);
        requireNode(node);
        agents.pull(node, image);
    }

    /** Unless {@code force}, the node's agent refuses an image that running containers use (409). */
    public void remove(String node, String image, boolean force) {
        ImageReference.parse(image);
        requireNode(node);
        agents.remove(node, image, force);
    }

    /**
     * One entry per repository tag. An image that no tag names is listed once with version
     * {@code <none>} and the repository of its first digest (or {@code <none>} when it has no digest
     * either), as {@code docker images} shows dangling images.
     */
    static List<NodeImage> toEntries(List<AgentImage> images) {
        List<NodeImage> entries = new ArrayList<>();
        for (AgentImage image : images) {
            if (image.repoTags().isEmpty()) {
                String repository = image.repoDigests().isEmpty() ? NodeImage.NONE : image.repoDigests().get(0).split("@", 2)[0];
                entries.add(new NodeImage(repository, NodeImage.NONE, image.size()));
                continue;
            }
            for (String repoTag : image.repoTags()) {
                int colon = repoTag.lastIndexOf(':');
                boolean hasTag = colon > repoTag.lastIndexOf('/');
                entries.add(hasTag
                        ? new NodeImage(repoTag.substring(0, colon), repoTag.substring(colon + 1), image.size())
                        : new NodeImage(repoTag, NodeImage.NONE, image.size()));
            }
        }
        entries.sort(Comparator.comparing(NodeImage::imageName).thenComparing(NodeImage::imageVersion));
        return entries;
    }

    private void requireNode(String node) {
        if (nodes.find(node).isEmpty()) {
            throw new UnknownNodeException(node);
        }
    }
}
