package dev.deckhand.services;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Port: which Service in the cluster, in any namespace, holds each node port. */
public interface NodePorts {

    /** Every node port held in the cluster now, with its holder: one read, however many ports are then asked about. */
    Holders holders();

    /**
     * Node port -> the Service that holds it, as {@code namespace/name}.
     */
    record Holders(Map<Integer, String> byPort) {

        public Holders {
            byPort = Map.copyOf(byPort);
        }

        /** The holder of {@code nodePort}; empty when no Service holds it. */
        public Optional<String> holder(int nodePort) {
            return Optional.ofNullable(byPort.get(nodePort));
        }

        /**
         * The first of {@code nodePorts} (lowest first) that a Service other than {@code self} holds, as the refusal to
         * report.
         *
         * @param self {@code namespace/name} of the Service that asks (it may keep its own ports); null for a new one
         */
        public Optional<NodePortTakenException> taken(Collection<Integer> nodePorts, String self) {
            return new TreeMap<>(byPort).entrySet().stream()
                    .filter(e -> nodePorts.contains(e.getKey()) && !Objects.equals(e.getValue(), self))
                    .map(e -> new NodePortTakenException(e.getKey(), e.getValue()))
                    .findFirst();
        }
    }
}
