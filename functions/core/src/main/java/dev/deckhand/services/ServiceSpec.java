package dev.deckhand.services;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What runs: the part of a service the reconciler keeps equal to its desired state.
 *
 * @param image       container image
 * @param replicas    pods of the Deployment
 * @param environment container environment
 * @param ports       published ports (a NodePort Service); empty: nothing published
 * @param command     container arguments; empty: the image's own
 */
public record ServiceSpec(String image, int replicas, Map<String, String> environment, List<PortMapping> ports,
                          List<String> command) {
    public ServiceSpec {
        environment = environment == null ? Map.of() : new TreeMap<>(environment);
        ports = ports == null ? List.of() : List.copyOf(ports);
        command = command == null ? List.of() : List.copyOf(command);
    }

    public boolean published() {
        return !ports.isEmpty();
    }

    /** Stable text of the spec: the same spec always gives the same hash. */
    String canonical() {
        return "image=" + image + "\nreplicas=" + replicas + "\nenv=" + new TreeMap<>(environment) + "\nports=" + ports
                + "\ncommand=" + command;
    }
}
