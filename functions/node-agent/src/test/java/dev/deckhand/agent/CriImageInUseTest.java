package dev.deckhand.agent;

import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.testbed.CriTestBed;
import dev.deckhand.agent.testbed.CriTestBedExtension;
import dev.deckhand.agent.testbed.cri.ContainerConfig;
import dev.deckhand.agent.testbed.cri.ContainerMetadata;
import dev.deckhand.agent.testbed.cri.CreateContainerRequest;
import dev.deckhand.agent.testbed.cri.ImageSpec;
import dev.deckhand.agent.testbed.cri.LinuxPodSandboxConfig;
import dev.deckhand.agent.testbed.cri.LinuxSandboxSecurityContext;
import dev.deckhand.agent.testbed.cri.NamespaceMode;
import dev.deckhand.agent.testbed.cri.NamespaceOption;
import dev.deckhand.agent.testbed.cri.PodSandboxConfig;
import dev.deckhand.agent.testbed.cri.PodSandboxMetadata;
import dev.deckhand.agent.testbed.cri.RemovePodSandboxRequest;
import dev.deckhand.agent.testbed.cri.RunPodSandboxRequest;
import dev.deckhand.agent.testbed.cri.RuntimeServiceGrpc;
import dev.deckhand.agent.testbed.cri.StartContainerRequest;
import dev.deckhand.agent.testbed.cri.StopContainerRequest;
import dev.deckhand.agent.testbed.cri.StopPodSandboxRequest;
import dev.deckhand.agent.runtime.CriImageRuntime;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An image that a running container uses is not removed without {@code force}: the container is run the way the
 * kubelet runs one, through CRI (a pod sandbox on the host network, so no CNI is needed, then a container in it), on
 * the test bed's containerd.
 */
@ExtendWith(CriTestBedExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CriImageInUseTest {

    private CriTestBed bed;
    private AgentUnderTest agent;
    private ManagedChannel channel;
    private RuntimeServiceGrpc.RuntimeServiceBlockingStub cri;
    private final List<String> sandboxes = new ArrayList<>();

    @BeforeAll
    void start(CriTestBed bed) {
        this.bed = bed;
        this.agent = AgentUnderTest.start(bed.socket().toString());
        this.channel = CriImageRuntime.channelTo("unix://" + bed.socket());
        this.cri = RuntimeServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (String sandbox : sandboxes) {
            stub().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
            stub().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
        }
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aRunningContainersImageIsRefusedNamingItUnlessForced() throws Exception {
        String v1 = bed.image(CriTestBed.TINY, "v1");
        String v2 = bed.image(CriTestBed.TINY, "v2");
        pull(v1);
        pull(v2);
        String container = runContainer("shop", "web-0", "web", v1, true);

        AgentUnderTest.Response refused = agent.postJson(AgentPaths.REMOVE, agent.imageBody(v1));

        assertEquals(409, refused.status(), refused.body());
        AgentError error = agent.read(refused, AgentError.class);
        assertEquals("FAILED_PRECONDITION", error.code());
        assertEquals(v1, error.image());
        assertTrue(error.error().contains("shop/web-0/web (" + container.substring(0, 12) + ")"), error.error());
        assertTrue(error.error().contains("force=true"), error.error());
        assertEquals(200, agent.status(v1).status(), "the image is still there");
        // Another tag of the same image is the same image.
        assertEquals(409, agent.postJson(AgentPaths.REMOVE, agent.imageBody(v2)).status());
        assertEquals(400, agent.postJson(AgentPaths.REMOVE + "?force=yes", agent.imageBody(v1)).status());

        AgentUnderTest.Response forced = agent.postJson(AgentPaths.REMOVE + "?force=true", agent.imageBody(v1));

        assertEquals(200, forced.status(), forced.body());
        assertEquals(404, agent.status(v1).status());
        assertEquals(404, agent.status(v2).status(), "removed with all its tags");
    }

    @Test
    void aStoppedContainerDoesNotHoldItsImage() throws Exception {
        String image = bed.image(CriTestBed.OTHER, "v1");
        pull(image);
        runContainer("shop", "batch-0", "job", image, false);

        AgentUnderTest.Response removed = agent.postJson(AgentPaths.REMOVE, agent.imageBody(image));

        assertEquals(200, removed.status(), removed.body());
        assertEquals(404, agent.status(image).status());
    }

    private void pull(String image) {
        AgentUnderTest.Response pulled = agent.postJson(AgentPaths.PULL, agent.imageBody(image));
        assertEquals(200, pulled.status(), pulled.body());
    }

    /** A pod sandbox on the host network and one container in it, labelled as the kubelet labels them; its id. */
    private String runContainer(String namespace, String pod, String name, String image, boolean leaveRunning) throws Exception {
        Path logs = Files.createDirectories(bed.socket().resolveSibling("pod-logs").resolve(pod));
        PodSandboxConfig sandboxConfig = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(pod).setNamespace(namespace)
                        .setUid(UUID.randomUUID().toString()))
                .setLogDirectory(logs.toString())
                .putAllLabels(Map.of("io.kubernetes.pod.name", pod, "io.kubernetes.pod.namespace", namespace))
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                        .setNamespaceOptions(NamespaceOption.newBuilder().setNetwork(NamespaceMode.NODE)
                                .setPid(NamespaceMode.POD).setIpc(NamespaceMode.POD))))
                .build();
        String sandbox;
        try {
            sandbox = stub().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(sandboxConfig).build()).getPodSandboxId();
        } catch (StatusRuntimeException e) {
            throw new AssertionError("containerd could not run a pod sandbox: " + e.getMessage() + "\n" + bed.log("containerd"), e);
        }
        sandboxes.add(sandbox);
        String container = stub().createContainer(CreateContainerRequest.newBuilder()
                .setPodSandboxId(sandbox)
                .setSandboxConfig(sandboxConfig)
                .setConfig(ContainerConfig.newBuilder()
                        .setMetadata(ContainerMetadata.newBuilder().setName(name))
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .addAllCommand(List.of("/bin/busybox", "sleep", "3600"))
                        .putAllLabels(Map.of("io.kubernetes.pod.name", pod, "io.kubernetes.pod.namespace", namespace,
                                "io.kubernetes.container.name", name))
                        .setLogPath(name + ".log"))
                .build()).getContainerId();
        stub().startContainer(StartContainerRequest.newBuilder().setContainerId(container).build());
        if (!leaveRunning) {
            stub().stopContainer(StopContainerRequest.newBuilder().setContainerId(container).setTimeout(0).build());
        }
        return container;
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub() {
        return cri.withDeadlineAfter(60, TimeUnit.SECONDS);
    }
}
