package dev.deckhand.images;

import dev.deckhand.agent.api.AgentImage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImagesServiceTest {

    @Test
    void oneEntryPerRepoTagWithRegistryPortKeptInTheName() {
        AgentImage image = new AgentImage("sha256:1", List.of(
                "192.168.1.104:5000/cloud/depd:0.1.8", "192.168.1.104:5000/cloud/depd:0.1.4"), List.of(), 95_589_785);
        assertEquals(List.of(
                new NodeImage("192.168.1.104:5000/cloud/depd", "0.1.4", 95_589_785),
                new NodeImage("192.168.1.104:5000/cloud/depd", "0.1.8", 95_589_785)),
                ImagesService.toEntries(List.of(image)));
    }

    @Test
    void untaggedImageIsListedOnceAsNone() {
        AgentImage dangling = new AgentImage("sha256:2", List.of(), List.of("docker.io/library/busybox@sha256:abc"), 10);
        AgentImage anonymous = new AgentImage("sha256:3", List.of(), List.of(), 20);
        assertEquals(List.of(
                new NodeImage("<none>", "<none>", 20),
                new NodeImage("docker.io/library/busybox", "<none>", 10)),
                ImagesService.toEntries(List.of(dangling, anonymous)));
    }
}
