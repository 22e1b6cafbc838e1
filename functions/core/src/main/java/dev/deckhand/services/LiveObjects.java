package dev.deckhand.services;

import dev.deckhand.cluster.ObjectMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The fields of live objects the services read, as lean LISTs give them (other fields skipped). */
public final class LiveObjects {

    private LiveObjects() {
    }

    @Serdeable
    public record Service(ObjectMetadata metadata, @Nullable ServiceSpec spec) {
    }

    @Serdeable
    public record ServiceSpec(@Nullable String type, @Nullable String clusterIP, @Nullable List<ServicePort> ports) {
    }

    @Serdeable
    public record ServicePort(@Nullable Integer port, @Nullable Integer nodePort) {
    }

    @Serdeable
    public record Pod(ObjectMetadata metadata, @Nullable PodStatus status) {

        public String phase() {
            return status == null || status.phase() == null ? "Pending" : status.phase();
        }

        /** The first container's waiting reason (ErrImagePull, CrashLoopBackOff...), null when none waits. */
        public String waitingReason() {
            return containers().stream().map(c -> c.state() == null || c.state().waiting() == null ? null : c.state().waiting().reason())
                    .filter(r -> r != null).findFirst().orElse(null);
        }

        /** The first container's exit code once it terminated. */
        public Integer exitCode() {
            return containers().stream().map(c -> c.state() == null || c.state().terminated() == null ? null : c.state().terminated().exitCode())
                    .filter(r -> r != null).findFirst().orElse(null);
        }

        private List<ContainerStatus> containers() {
            return status == null || status.containerStatuses() == null ? List.of() : status.containerStatuses();
        }
    }

    @Serdeable
    public record PodStatus(@Nullable String phase, @Nullable List<ContainerStatus> containerStatuses) {
    }

    @Serdeable
    public record ContainerStatus(@Nullable ContainerState state) {
    }

    @Serdeable
    public record ContainerState(@Nullable Waiting waiting, @Nullable Terminated terminated) {
    }

    @Serdeable
    public record Waiting(@Nullable String reason) {
    }

    @Serdeable
    public record Terminated(@Nullable Integer exitCode, @Nullable String reason) {
    }

    @Serdeable
    public record Job(ObjectMetadata metadata, @Nullable JobStatus status) {

        /** True once the Job completed or failed. */
        public boolean finished() {
            return status != null && ((status.succeeded() != null && status.succeeded() > 0) || (status.failed() != null && status.failed() > 0));
        }
    }

    @Serdeable
    public record JobStatus(@Nullable Integer succeeded, @Nullable Integer failed, @Nullable Integer active) {
    }
}
