package dev.deckhand.services;

import java.util.Optional;

/** Port: which Service in the cluster, in any namespace, holds a node port. */
public interface NodePorts {

    /** The holder as {@code namespace/name}; empty when no Service holds {@code nodePort}. */
    Optional<String> holder(int nodePort);
}
