package dev.deckhand.agent.runtime;

import dev.deckhand.agent.AgentConfig;
import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.FsUsage;
import dev.deckhand.agent.cri.v1.FilesystemUsage;
import dev.deckhand.agent.cri.v1.Image;
import dev.deckhand.agent.cri.v1.Container;
import dev.deckhand.agent.cri.v1.ContainerFilter;
import dev.deckhand.agent.cri.v1.ContainerState;
import dev.deckhand.agent.cri.v1.ContainerStateValue;
import dev.deckhand.agent.cri.v1.ImageFsInfoRequest;
import dev.deckhand.agent.cri.v1.ImageServiceGrpc;
import dev.deckhand.agent.cri.v1.ImageSpec;
import dev.deckhand.agent.cri.v1.ImageStatusRequest;
import dev.deckhand.agent.cri.v1.ImageStatusResponse;
import dev.deckhand.agent.cri.v1.ListContainersRequest;
import dev.deckhand.agent.cri.v1.ListImagesRequest;
import dev.deckhand.agent.cri.v1.PullImageRequest;
import dev.deckhand.agent.cri.v1.RemoveImageRequest;
import dev.deckhand.agent.cri.v1.RuntimeServiceGrpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.AbstractStub;
import org.newsclub.net.unix.AFUNIXSocketFactory;

import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link ImageRuntime} over the Kubernetes CRI ({@code runtime.v1}: the ImageService, and the RuntimeService's
 * ListContainers): the only class that knows gRPC.
 */
public class CriImageRuntime implements ImageRuntime, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CriImageRuntime.class.getName());
    // Held so its level stays set.
    private static final Logger GRPC_LOG = quiet("io.grpc", Level.WARNING);
    private static final String UNIX_SCHEME = "unix:";
    /** Labels the kubelet puts on every container it creates. */
    private static final String POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
    private static final String POD_NAME_LABEL = "io.kubernetes.pod.name";
    // The kubelet's own limit for CRI answers; a node with thousands of images exceeds gRPC's 4 MiB default.
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final String target;
    private final Duration callTimeout;
    private final Duration pullTimeout;
    private final ManagedChannel channel;
    private final ImageServiceGrpc.ImageServiceBlockingStub stub;
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub containers;

    public CriImageRuntime(AgentConfig config) {
        this.target = config.runtimeTarget();
        this.callTimeout = config.callTimeout();
        this.pullTimeout = config.pullTimeout();
        // Connects lazily: the agent starts (and answers /healthz) before the runtime is up.
        this.channel = channelTo(target);
        this.stub = ImageServiceGrpc.newBlockingStub(channel);
        this.containers = RuntimeServiceGrpc.newBlockingStub(channel);
    }

    /**
     * A plaintext channel over grpc-java's OkHttp transport, the lightest one (no Netty, bench/README.md "agent"): a
     * {@code unix:///PATH} (or {@code unix:/PATH}) target through junixsocket's socket factory, whose sockets connect
     * to the socket file whatever address they are given (the authority sent is a placeholder, as the kubelet's), any
     * other target (e.g. {@code dns:///host:port}) over TCP.
     */
    public static ManagedChannel channelTo(String target) {
        OkHttpChannelBuilder builder;
        Optional<File> socket = socketFile(target);
        if (socket.isPresent()) {
            builder = OkHttpChannelBuilder.forAddress("localhost", 0, InsecureChannelCredentials.create())
                    .socketFactory(new AFUNIXSocketFactory.FactoryArg(socket.get()));
        } else {
            builder = OkHttpChannelBuilder.forTarget(target, InsecureChannelCredentials.create());
        }
        return builder.maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
    }

    @Override
    public List<AgentImage> list() {
        return call(null, callTimeout, s -> s.listImages(ListImagesRequest.getDefaultInstance()))
                .getImagesList().stream().map(CriImageRuntime::toAgentImage).toList();
    }

    @Override
    public Optional<AgentImage> status(String image) {
        ImageStatusResponse response = call(image, callTimeout,
                s -> s.imageStatus(ImageStatusRequest.newBuilder().setImage(spec(image)).build()));
        return response.hasImage() ? Optional.of(toAgentImage(response.getImage())) : Optional.empty();
    }

    @Override
    public String pull(String image) {
        return call(image, pullTimeout,
                s -> s.pullImage(PullImageRequest.newBuilder().setImage(spec(image)).build()))
                .getImageRef();
    }

    @Override
    public void remove(String image) {
        call(image, callTimeout, s -> s.removeImage(RemoveImageRequest.newBuilder().setImage(spec(image)).build()));
    }

    @Override
    public List<RunningContainer> runningContainersUsing(String image) {
        ImageStatusResponse status = call(image, callTimeout,
                s -> s.imageStatus(ImageStatusRequest.newBuilder().setImage(spec(image)).build()));
        if (!status.hasImage()) {
            return List.of();
        }
        Image used = status.getImage();
        ListContainersRequest running = ListContainersRequest.newBuilder()
                .setFilter(ContainerFilter.newBuilder().setState(
                        ContainerStateValue.newBuilder().setState(ContainerState.CONTAINER_RUNNING)))
                .build();
        return call(containers, image, callTimeout, s -> s.listContainers(running)).getContainersList().stream()
                .filter(c -> c.getState() == ContainerState.CONTAINER_RUNNING && uses(c, used))
                .map(CriImageRuntime::toRunningContainer)
                .toList();
    }

    @Override
    public NodeInventory inventory() {
        List<Image> images = call(null, callTimeout, s -> s.listImages(ListImagesRequest.getDefaultInstance())).getImagesList();
        // No state filter: a created or exited container still needs its image to start (again).
        List<Container> all = call(containers, null, callTimeout,
                s -> s.listContainers(ListContainersRequest.getDefaultInstance())).getContainersList();
        Map<String, List<String>> users = new HashMap<>();
        Set<String> pinned = new HashSet<>();
        for (Image image : images) {
            if (image.getPinned()) {
                pinned.add(image.getId());
            }
            List<String> using = all.stream().filter(c -> uses(c, image))
                    .map(c -> toRunningContainer(c).toString()).toList();
            if (!using.isEmpty()) {
                users.put(image.getId(), using);
            }
        }
        return new NodeInventory(images.stream().map(CriImageRuntime::toAgentImage).toList(), pinned, users);
    }

    /**
     * containerd reports the image id in both fields; other runtimes may keep the name the container was created
     * with in {@code image}, so a tag or digest of the image counts too.
     */
    private static boolean uses(Container container, Image image) {
        String ref = container.getImageRef();
        String named = container.getImage().getImage();
        return ref.equals(image.getId()) || named.equals(image.getId())
                || image.getRepoTagsList().contains(named) || image.getRepoDigestsList().contains(named)
                || image.getRepoDigestsList().contains(ref);
    }

    private static RunningContainer toRunningContainer(Container container) {
        String name = container.getMetadata().getName();
        String pod = container.getLabelsMap().get(POD_NAME_LABEL);
        String namespace = container.getLabelsMap().get(POD_NAMESPACE_LABEL);
        if (pod != null && namespace != null) {
            name = namespace + "/" + pod + "/" + name;
        }
        return new RunningContainer(container.getId(), name);
    }

    @Override
    public List<FsUsage> fsInfo() {
        return call(null, callTimeout, s -> s.imageFsInfo(ImageFsInfoRequest.getDefaultInstance()))
                .getImageFilesystemsList().stream().map(CriImageRuntime::toFsUsage).toList();
    }

    private <T> T call(String image, Duration deadline, Function<ImageServiceGrpc.ImageServiceBlockingStub, T> rpc) {
        return call(stub, image, deadline, rpc);
    }

    private <S extends AbstractStub<S>, T> T call(S service, String image, Duration deadline, Function<S, T> rpc) {
        try {
            return rpc.apply(service.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                // Without this the channel waits out its reconnect backoff (up to minutes) after the
                // runtime comes back, and readiness lags behind.
                channel.resetConnectBackoff();
            }
            throw translate(e, image, target);
        }
    }

    /** Turns a gRPC failure into the agent's own exception, keeping the runtime's words. */
    static ImageRuntimeException translate(StatusRuntimeException e, String image, String target) {
        Status status = e.getStatus();
        String code = status.getCode().name();
        String words = describe(status);
        String message = switch (status.getCode()) {
            case UNAVAILABLE -> "container runtime at " + target + " is unavailable: "
                    + (socketFile(target).filter(file -> !file.exists()).isPresent() ? "socket file not found (" + words + ")" : words);
            case DEADLINE_EXCEEDED -> "container runtime at " + target + " did not answer in time: " + words;
            default -> words;
        };
        return new ImageRuntimeException(code, image, message, e);
    }

    /** The socket file of a {@code unix:} target; empty for any other. */
    private static Optional<File> socketFile(String target) {
        if (target == null || !target.startsWith(UNIX_SCHEME)) {
            return Optional.empty();
        }
        String path = target.substring(UNIX_SCHEME.length());
        return Optional.of(new File(path.startsWith("//") ? path.substring(2) : path));
    }

    private static String describe(Status status) {
        String description = status.getDescription();
        String causeText = causeText(status.getCause());
        if (description == null || description.isBlank()) {
            return causeText != null ? causeText : status.getCode().name();
        }
        return causeText == null || description.contains(causeText) ? description : description + ": " + causeText;
    }

    private static String causeText(Throwable cause) {
        if (cause == null) {
            return null;
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static Logger quiet(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        return logger;
    }

    private static ImageSpec spec(String image) {
        return ImageSpec.newBuilder().setImage(image).build();
    }

    private static AgentImage toAgentImage(Image image) {
        return new AgentImage(image.getId(), image.getRepoTagsList(), image.getRepoDigestsList(), image.getSize());
    }

    private static FsUsage toFsUsage(FilesystemUsage usage) {
        return new FsUsage(usage.getFsId().getMountpoint(), usage.getUsedBytes().getValue(),
                usage.getInodesUsed().getValue());
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warning("gRPC channel to " + target + " did not terminate within 2s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
