package dev.deckhand.agent;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Settings of the node agent, keys under {@code deckhand.agent}. Each can also be set from the
 * environment, e.g. {@code DECKHAND_AGENT_RUNTIME_ENDPOINT=/run/k3s/containerd/containerd.sock}.
 *
 * @param runtimeEndpoint the container runtime's CRI socket: a path, or a gRPC target such as
 *                        {@code unix:///run/containerd/containerd.sock}
 * @param callTimeout     deadline of every runtime call except pulls
 * @param pullTimeout     deadline of one pull (layers are downloaded within it)
 * @param tokenFile       file holding the token callers must present ({@code Authorization: Bearer TOKEN}); the
 *                        key of a mounted Secret, re-read every few seconds so a rotated Secret takes effect.
 *                        Required: the agent can delete images on its node, so it never serves anyone.
 */
@ConfigurationProperties("deckhand.agent")
public record AgentConfig(
        @NotBlank @Bindable(defaultValue = DEFAULT_ENDPOINT) String runtimeEndpoint,
        @NotNull @Bindable(defaultValue = "10s") Duration callTimeout,
        @NotNull @Bindable(defaultValue = "5m") Duration pullTimeout,
        @NotBlank String tokenFile) {

    public static final String DEFAULT_ENDPOINT = "/run/containerd/containerd.sock";

    /** The endpoint as a gRPC target: a bare path becomes a {@code unix://} target. */
    public String runtimeTarget() {
        String endpoint = runtimeEndpoint.trim();
        return endpoint.startsWith("/") ? "unix://" + endpoint : endpoint;
    }
}
