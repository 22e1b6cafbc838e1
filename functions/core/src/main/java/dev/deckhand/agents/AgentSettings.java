package dev.deckhand.agents;

import dev.deckhand.cluster.Redacted;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How node agents are deployed and reached ({@code deckhand.agent.*}).
 *
 * @param namespace     where the agent Deployments and Services live
 * @param image         the node agent's container image
 * @param runtimeSocket the container runtime's CRI socket on each node (containerd's by default)
 * @param urlTemplate   how the functions reach the agent of a node; placeholders {@code {service}},
 *                      {@code {namespace}} and {@code {node}}. The default is the in-cluster Service DNS name.
 * @param callTimeout   deadline of a list, status or remove call to an agent
 * @param pullTimeout   deadline of a pull through an agent
 * @param token         the token agents demand of callers ({@code DECKHAND_AGENT_TOKEN}, e.g. on Lambda from a
 *                      Secrets Manager reference); when unset it is read from {@code tokenFile}
 * @param tokenFile     file holding that token: the key of the Secret {@link AgentManifests#TOKEN_SECRET} mounted
 *                      at {@link AgentManifests#TOKEN_DIRECTORY}. With neither, calls go without a token and agents
 *                      refuse them (401, reported as 502)
 */
@ConfigurationProperties("deckhand.agent")
public record AgentSettings(
        @Bindable(defaultValue = "deckhand") String namespace,
        @Bindable(defaultValue = "deckhand/node-agent:0.1.0") String image,
        @Bindable(defaultValue = "/run/containerd/containerd.sock") String runtimeSocket,
        @Bindable(defaultValue = "http://{service}.{namespace}.svc:8090") String urlTemplate,
        @Bindable(defaultValue = "15s") Duration callTimeout,
        @Bindable(defaultValue = "5m") Duration pullTimeout,
        @Nullable String token,
        @Bindable(defaultValue = AgentManifests.TOKEN_DIRECTORY + "/" + AgentManifests.TOKEN_KEY) String tokenFile) {

    @Override
    public String toString() {
        return "AgentSettings[namespace=" + namespace + ", image=" + image + ", runtimeSocket=" + runtimeSocket
                + ", urlTemplate=" + urlTemplate + ", callTimeout=" + callTimeout + ", pullTimeout=" + pullTimeout
                + ", token=" + Redacted.of(token) + ", tokenFile=" + tokenFile + "]";
    }
}
