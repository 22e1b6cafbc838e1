package dev.deckhand.agent.testbed;

import dev.deckhand.agent.runtime.CriImageRuntime;
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
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs containers on the test bed's containerd the way the kubelet does (a pod sandbox on the host network, so no CNI,
 * then a container in it, labelled as the kubelet labels them); {@link #close()} removes the sandboxes and with them
 * their containers.
 */
public final class CriPods implements AutoCloseable {

    private final CriTestBed bed;
    private final ManagedChannel channel;
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub cri;
    private final List<String> sandboxes = new ArrayList<>();

    public CriPods(CriTestBed bed) {
        this.bed = bed;
        this.channel = CriImageRuntime.channelTo("unix://" + bed.socket());
        this.cri = RuntimeServiceGrpc.newBlockingStub(channel);
    }

    /** A pod with one container of {@code image}, left running or stopped (exited); the container's id. */
    public String run(String namespace, String pod, String name, String image, boolean leaveRunning) throws IOException {
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

    /** Stops and removes every sandbox run so far (their containers go with them). */
    public void removeAll() {
        for (String sandbox : sandboxes) {
            stub().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
            stub().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandbox).build());
        }
        sandboxes.clear();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            removeAll();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub() {
        return cri.withDeadlineAfter(60, TimeUnit.SECONDS);
    }
}
