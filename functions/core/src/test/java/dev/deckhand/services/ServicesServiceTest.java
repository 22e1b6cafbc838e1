package dev.deckhand.services;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Naming and status on plain data. */
class ServicesServiceTest {

    @Test
    void postedServicesAreNamedAfterTheirImageAndId() {
        String id = "3f2a9c1d-0000-4000-8000-000000000000";
        assertEquals("app-3f2a9c1d", ServicesService.nameFor("registry.example.com:5000/team/app:1.2", id));
        assertEquals("nginx-3f2a9c1d", ServicesService.nameFor("nginx", id));
        assertEquals("svc-9lives-3f2a9c1d", ServicesService.nameFor("9lives:1", id));
        assertEquals("my-app-3f2a9c1d", ServicesService.nameFor("ghcr.io/org/my_app@sha256:" + "a".repeat(64), id));
    }

    @Test
    void statusComesFromThePods() {
        LiveObjects.Pod running = pod("Running", null);
        LiveObjects.Pod pulling = pod("Pending", "ImagePullBackOff");
        assertEquals("running", ServicesService.status(List.of(running, running), 2));
        assertEquals("ImagePullBackOff", ServicesService.status(List.of(running, pulling), 2));
        assertEquals("pending", ServicesService.status(List.of(), 1));
        assertEquals("stopped", ServicesService.status(List.of(), 0));
        assertEquals("succeeded", ServicesService.runStatus(List.of(pod("Succeeded", null))));
        assertEquals("failed", ServicesService.runStatus(List.of(pod("Failed", null))));
    }

    private static LiveObjects.Pod pod(String phase, String waiting) {
        return new LiveObjects.Pod(new dev.deckhand.cluster.ObjectMetadata("p", "ns", "1", Map.of(), Map.of()),
                new LiveObjects.PodStatus(phase, List.of(new LiveObjects.ContainerStatus(
                        new LiveObjects.ContainerState(waiting == null ? null : new LiveObjects.Waiting(waiting), null)))));
    }
}
