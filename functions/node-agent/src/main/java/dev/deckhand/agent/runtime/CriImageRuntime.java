package dev.deckhand.agent.runtime;

import dev.deckhand.agent.AgentConfig;
import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.FsUsage;
import dev.deckhand.agent.cri.v1.FilesystemUsage;
import dev.deckhand.agent.cri.v1.Image;
import dev.deckhand.agent.cri.v1.ImageFsInfoRequest;
import dev.deckhand.agent.cri.v1.ImageServiceGrpc;
import dev.deckhand.agent.cri.v1.ImageSpec;
import dev.deckhand.agent.cri.v1.ImageStatusRequest;
import dev.deckhand.agent.cri.v1.ImageStatusResponse;
import dev.deckhand.agent.cri.v1.ListImagesRequest;
import dev.deckhand.agent.cri.v1.PullImageRequest;
import dev.deckhand.agent.cri.v1.RemoveImageRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** {@link ImageRuntime} over the Kubernetes CRI ImageService ({@code runtime.v1}): the only class that knows gRPC. */
@Singleton
public class CriImageRuntime implements ImageRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CriImageRuntime.class);
    // The kubelet's own limit for CRI answers; a node with thousands of images exceeds gRPC's 4 MiB default.
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final String target;
    private final Duration callTimeout;
    private final Duration pullTimeout;
    private final ManagedChannel channel;
    private final ImageServiceGrpc.ImageServiceBlockingStub stub;

    public CriImageRuntime(AgentConfig config) {
        this.target = config.runtimeTarget();
        this.callTimeout = config.callTimeout();
        this.pullTimeout = config.pullTimeout();
        // Connects lazily: the agent starts (and answers /healthz) before the runtime is up.
        this.channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
        this.stub = ImageServiceGrpc.newBlockingStub(channel);
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
    public List<FsUsage> fsInfo() {
        return call(null, callTimeout, s -> s.imageFsInfo(ImageFsInfoRequest.getDefaultInstance()))
                .getImageFilesystemsList().stream().map(CriImageRuntime::toFsUsage).toList();
    }

    private <T> T call(String image, Duration deadline, Function<ImageServiceGrpc.ImageServiceBlockingStub, T> rpc) {
        try {
            return rpc.apply(stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
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
            case UNAVAILABLE -> "container runtime at " + target + " is unavailable: " + words;
            case DEADLINE_EXCEEDED -> "container runtime at " + target + " did not answer in time: " + words;
            default -> words;
        };
        return new ImageRuntimeException(code, image, message, e);
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
        if (cause.getMessage() != null) {
            return cause.getMessage();
        }
        // Netty reports a missing unix socket (ENOENT) as a FileNotFoundException without a message.
        return cause instanceof FileNotFoundException ? "socket file not found" : cause.getClass().getSimpleName();
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

    @PreDestroy
    @Override
    public void close() {
        channel.shutdownNow();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("gRPC channel to {} did not terminate within 2s", target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
