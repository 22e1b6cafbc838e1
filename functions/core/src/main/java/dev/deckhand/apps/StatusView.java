package dev.deckhand.apps;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Pure: live objects to a {@link AppStatus}. */
public final class StatusView {

    /** How many of the most recent pod events the status shows. */
    public static final int MAX_EVENTS = 20;

    private StatusView() {
    }

    public static AppStatus of(V1Deployment deployment, List<V1Pod> pods, List<V1PersistentVolumeClaim> claims,
                                   List<CoreV1Event> events) {
        V1DeploymentStatus status = deployment.getStatus() == null ? new V1DeploymentStatus() : deployment.getStatus();
        int replicas = deployment.getSpec() == null || deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        List<AppStatus.Pod> podViews = pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(StatusView::pod).toList();
        List<AppStatus.Volume> volumes = claims.stream()
                .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
                .map(StatusView::volume).toList();
        long generation = deployment.getMetadata().getGeneration() == null ? 0 : deployment.getMetadata().getGeneration();
        long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
        int updated = zero(status.getUpdatedReplicas());
        int available = zero(status.getAvailableReplicas());
        int current = zero(status.getReplicas());
        boolean complete = observed >= generation && updated == replicas && available == replicas && current == replicas;
        List<AppStatus.Condition> conditions = status.getConditions() == null ? List.of() : status.getConditions().stream()
                .map(c -> new AppStatus.Condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage())).toList();
        AppStatus.Rollout rollout = new AppStatus.Rollout(generation, observed, updated, zero(status.getReadyReplicas()),
                available, complete, conditions);
        return new AppStatus(replicas, current, podViews, volumes, rollout, events(events));
    }

    private static AppStatus.Pod pod(V1Pod pod) {
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
        List<AppStatus.Container> containers = new ArrayList<>();
        List<V1ContainerStatus> statuses = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        // Every container of the spec, also those with no status yet (pod not scheduled).
        for (var container : pod.getSpec().getContainers()) {
            V1ContainerStatus s = statuses.stream().filter(st -> container.getName().equals(st.getName())).findFirst().orElse(null);
            if (s == null) {
                containers.add(new AppStatus.Container(container.getName(), false, false, "waiting", null));
                continue;
            }
            String state = null;
            String reason = null;
            if (s.getState() != null) {
                if (s.getState().getRunning() != null) {
                    state = "running";
                } else if (s.getState().getTerminated() != null) {
                    state = "terminated";
                    reason = s.getState().getTerminated().getReason();
                } else if (s.getState().getWaiting() != null) {
                    state = "waiting";
                    reason = s.getState().getWaiting().getReason();
                }
            }
            containers.add(new AppStatus.Container(s.getName(), Boolean.TRUE.equals(s.getReady()),
                    Boolean.TRUE.equals(s.getStarted()), state, reason));
        }
        return new AppStatus.Pod(pod.getMetadata().getName(), phase, containers);
    }

    private static AppStatus.Volume volume(V1PersistentVolumeClaim claim) {
        String name = claim.getMetadata().getLabels() == null ? null : claim.getMetadata().getLabels().get(AppRenderer.VOLUME);
        String phase = claim.getStatus() == null || claim.getStatus().getPhase() == null ? "Pending" : claim.getStatus().getPhase();
        String capacity = claim.getStatus() == null || claim.getStatus().getCapacity() == null
                || claim.getStatus().getCapacity().get("storage") == null
                ? null : claim.getStatus().getCapacity().get("storage").toSuffixedString();
        return new AppStatus.Volume(name != null ? name : claim.getMetadata().getName(), phase, capacity);
    }

    private static List<AppStatus.Event> events(List<CoreV1Event> events) {
        List<AppStatus.Event> views = events.stream()
                .sorted(Comparator.comparing(StatusView::time, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(e -> new AppStatus.Event(e.getInvolvedObject().getName(), e.getType(), e.getReason(), e.getMessage(),
                        Objects.toString(time(e), null), e.getCount()))
                .toList();
        return views.size() <= MAX_EVENTS ? views : views.subList(views.size() - MAX_EVENTS, views.size());
    }

    private static OffsetDateTime time(CoreV1Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null) {
            return e.getEventTime();
        }
        return e.getFirstTimestamp() != null ? e.getFirstTimestamp() : e.getMetadata().getCreationTimestamp();
    }

    private static int zero(Integer value) {
        return value == null ? 0 : value;
    }
}
