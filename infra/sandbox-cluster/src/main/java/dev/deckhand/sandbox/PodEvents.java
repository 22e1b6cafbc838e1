package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Events a scheduler and kubelet write about a pod's lifecycle (core/v1 {@code Event}, {@code involvedObject} the
 * pod), written by the node simulator: {@code Scheduled} when a pod is bound to a node; per container {@code Pulling}
 * and {@code Pulled}, or {@code Pulling} and {@code Failed} (with the pull error) when its image cannot be pulled; and
 * {@code Created} and {@code Started} once the pod runs. Each (pod, container, reason) is written once, with
 * {@code source.component} {@code default-scheduler} or {@code kubelet}, named {@code POD.REASON[.CONTAINER]} in the
 * pod's namespace; events of deleted pods stay, as in a cluster until their TTL.
 */
final class PodEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PodEvents.class);
    private static final int REMEMBERED = 50_000;

    private final KubernetesClient client;
    private final Set<String> written = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    PodEvents(KubernetesClient client) {
        this.client = client;
    }

    void scheduled(Pod pod, String node, Instant now) {
        write(pod, null, "Normal", "Scheduled", "default-scheduler", "Successfully assigned "
                + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " to " + node, now);
    }

    /**
     * After a start attempt: {@code pullFailures} maps each container to its pull error, or to null when its image is
     * there; {@code started} when every container runs.
     */
    void startAttempt(Pod pod, Map<String, String> pullFailures, boolean started, Instant now) {
        List<Container> containers = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        containers.addAll(pod.getSpec().getContainers());
        for (Container c : containers) {
            String container = c.getName();
            String image = c.getImage();
            write(pod, container, "Normal", "Pulling", "kubelet", "Pulling image \"" + image + "\"", now);
            String failure = pullFailures.get(container);
            if (failure != null) {
                write(pod, container, "Warning", "Failed", "kubelet", failure, now);
                continue;
            }
            write(pod, container, "Normal", "Pulled", "kubelet", "Successfully pulled image \"" + image + "\"", now);
            if (started) {
                write(pod, container, "Normal", "Created", "kubelet", "Created container " + container, now);
                write(pod, container, "Normal", "Started", "kubelet", "Started container " + container, now);
            }
        }
    }

    private void write(Pod pod, String container, String type, String reason, String component, String message, Instant now) {
        String key = pod.getMetadata().getUid() + "/" + container + "/" + reason;
        synchronized (written) {
            if (!written.add(key)) {
                return;
            }
        }
        String name = pod.getMetadata().getName() + "." + reason.toLowerCase() + (container == null ? "" : "." + container);
        Event event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid())
                .withFieldPath(container == null ? null : "spec.containers{" + container + "}").endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withCount(1)
                .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString())
                .withNewSource().withComponent(component).withHost(pod.getSpec() == null ? null : pod.getSpec().getNodeName()).endSource()
                .build();
        try {
            client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(event).create();
        } catch (RuntimeException e) {
            LOG.debug("event {} not written: {}", name, e.getMessage());
        }
    }
}
