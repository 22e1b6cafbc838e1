package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The containers running on a node, as its container runtime would list them: those of the node's pods whose status
 * says running, read from the API server's store ({@link ClusterView}), never over HTTP.
 */
final class RunningContainers {

    /** One running container: {@code namespace/pod/container} and its image as the pod spec names it. */
    record Running(String name, String image) {
    }

    private final ClusterView view;
    private final Supplier<List<Pod>> viaApi;

    /** @param viaApi every pod, listed over HTTP, for when the store's index is off */
    RunningContainers(ClusterView view, Supplier<List<Pod>> viaApi) {
        this.view = view;
        this.viaApi = viaApi;
    }

    /**
     * Every container of the node's pods whatever its state (waiting, running, terminated, or not created yet), as a
     * runtime's ListContainers lists them until the pod is deleted: what a cleanup must not take the image of.
     */
    synchronized List<Running> anyStateOn(String node) {
        List<Running> all = new ArrayList<>();
        for (Pod pod : view.all("pods", Pod.class, viaApi).values()) {
            if (pod.getSpec() == null || !node.equals(pod.getSpec().getNodeName())) {
                continue;
            }
            String prefix = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/";
            List<io.fabric8.kubernetes.api.model.Container> containers = new ArrayList<>(pod.getSpec().getContainers());
            if (pod.getSpec().getInitContainers() != null) {
                containers.addAll(pod.getSpec().getInitContainers());
            }
            for (io.fabric8.kubernetes.api.model.Container container : containers) {
                if (container.getImage() != null) {
                    all.add(new Running(prefix + container.getName(), container.getImage()));
                }
            }
        }
        return all;
    }

    /** Synchronized: the view's cache is not made for concurrent readers. */
    synchronized List<Running> on(String node) {
        List<Running> running = new ArrayList<>();
        for (Pod pod : view.all("pods", Pod.class, viaApi).values()) {
            if (pod.getSpec() == null || !node.equals(pod.getSpec().getNodeName()) || pod.getStatus() == null
                    || pod.getStatus().getContainerStatuses() == null) {
                continue;
            }
            for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                if (status.getState() != null && status.getState().getRunning() != null && status.getImage() != null) {
                    running.add(new Running(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/"
                            + status.getName(), status.getImage()));
                }
            }
        }
        return running;
    }
}
