package dev.deckhand.apps;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusViewTest {

    private static V1Pod pod(String name, String phase, V1ContainerStatus... statuses) {
        return new V1Pod().metadata(new V1ObjectMeta().name(name))
                .spec(new V1PodSpec().containers(List.of(new V1Container().name("app"), new V1Container().name("side"))))
                .status(new V1PodStatus().phase(phase).containerStatuses(List.of(statuses)));
    }

    @Test
    void theSeedsShapeFromLiveObjects() {
        V1Deployment deployment = new V1Deployment().metadata(new V1ObjectMeta().name("svc-web").generation(2L))
                .spec(new V1DeploymentSpec().replicas(2))
                .status(new V1DeploymentStatus().replicas(2).updatedReplicas(1).availableReplicas(1).readyReplicas(1).observedGeneration(2L));
        V1Pod running = pod("b", "Running",
                new V1ContainerStatus().name("app").ready(true).started(true).state(new V1ContainerState().running(new V1ContainerStateRunning())),
                new V1ContainerStatus().name("side").ready(false).state(new V1ContainerState()
                        .waiting(new V1ContainerStateWaiting().reason("ImagePullBackOff"))));
        V1Pod unscheduled = new V1Pod().metadata(new V1ObjectMeta().name("a"))
                .spec(new V1PodSpec().containers(List.of(new V1Container().name("app"))));
        V1Pod terminating = pod("c", "Running");
        terminating.getMetadata().deletionTimestamp(OffsetDateTime.now());
        V1PersistentVolumeClaim bound = new V1PersistentVolumeClaim()
                .metadata(new V1ObjectMeta().name("svc-web-data").labels(Map.of(AppRenderer.VOLUME, "data")))
                .status(new V1PersistentVolumeClaimStatus().phase("Bound").capacity(Map.of("storage", Quantity.fromString("500Mi"))));
        V1PersistentVolumeClaim pending = new V1PersistentVolumeClaim().metadata(new V1ObjectMeta().name("svc-web-logs"));

        AppStatus status = StatusView.of(deployment, List.of(running, unscheduled, terminating), List.of(pending, bound), List.of());
        assertEquals(2, status.replicas());
        assertEquals(2, status.currentReplicas());
        assertEquals(List.of("a", "b"), status.pods().stream().map(AppStatus.Pod::name).toList(), "terminating pods left out");
        assertEquals("Pending", status.pods().get(0).phase());
        assertEquals(new AppStatus.Container("app", false, false, "waiting", null), status.pods().get(0).containers().get(0));
        assertEquals(new AppStatus.Container("app", true, true, "running", null), status.pods().get(1).containers().get(0));
        assertEquals(new AppStatus.Container("side", false, false, "waiting", "ImagePullBackOff"), status.pods().get(1).containers().get(1));
        assertEquals(new AppStatus.Volume("data", "Bound", "500Mi"), status.volumes().get(0));
        assertEquals(new AppStatus.Volume("svc-web-logs", "Pending", null), status.volumes().get(1));
        assertFalse(status.rollout().complete(), "one of two replicas updated");
        assertEquals(1, status.rollout().updatedReplicas());
    }

    @Test
    void eventsAreTheLatestTwentyOldestFirst() {
        List<CoreV1Event> events = new ArrayList<>();
        OffsetDateTime start = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        for (int i = 29; i >= 0; i--) {
            events.add(new CoreV1Event().metadata(new V1ObjectMeta().name("e" + i))
                    .involvedObject(new V1ObjectReference().kind("Pod").name("p")).reason("R" + i).type("Normal")
                    .lastTimestamp(start.plusSeconds(i)));
        }
        V1Deployment deployment = new V1Deployment().metadata(new V1ObjectMeta().name("svc-web").generation(1L))
                .spec(new V1DeploymentSpec().replicas(0)).status(new V1DeploymentStatus().observedGeneration(1L));
        AppStatus status = StatusView.of(deployment, List.of(), List.of(), events);
        assertEquals(StatusView.MAX_EVENTS, status.events().size());
        assertEquals("R10", status.events().get(0).reason());
        assertEquals("R29", status.events().get(19).reason());
        assertTrue(status.rollout().complete(), "zero replicas wanted, zero there");
        assertNull(status.events().get(0).count());
    }
}
