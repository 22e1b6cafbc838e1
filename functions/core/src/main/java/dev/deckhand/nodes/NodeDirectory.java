package dev.deckhand.nodes;

import java.util.List;
import java.util.Optional;

/** The cluster's nodes. */
public interface NodeDirectory {

    /** Every node, in name order, with one LIST. */
    List<NodeInfo> list();

    /** One node by name, empty when the cluster has no such node. */
    Optional<NodeInfo> find(String name);
}
