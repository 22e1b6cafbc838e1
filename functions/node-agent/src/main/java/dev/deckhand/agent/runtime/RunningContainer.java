package dev.deckhand.agent.runtime;

/**
 * A running container, as an error message names it.
 *
 * @param id   the runtime's container id
 * @param name {@code namespace/pod/container} for a container of a Kubernetes pod (the kubelet's labels), else the
 *             name the container was created with
 */
public record RunningContainer(String id, String name) {

    /** {@code name (id)}, the id shortened to 12 characters as {@code crictl ps} shows it. */
    @Override
    public String toString() {
        return name + " (" + (id.length() > 12 ? id.substring(0, 12) : id) + ")";
    }
}
