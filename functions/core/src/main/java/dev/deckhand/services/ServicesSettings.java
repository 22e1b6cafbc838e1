package dev.deckhand.services;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Mini-Kubernetes services (seed 001), {@code deckhand.services.*}.
 *
 * @param namespace          where the services' Deployments, Services and Jobs live
 * @param nodePortMin        lowest node port a {@code publish} integer may name (the cluster's
 *                           {@code --service-node-port-range})
 * @param nodePortMax        highest such node port
 * @param containerPort      the container port {@code POST /services} publishes (the body names none)
 * @param runTimeout         how long {@code POST /services} with {@code detached: false} waits for the run to end
 * @param runPollInterval    how often it looks meanwhile
 * @param logTailLines       lines of the run's output in the answer
 * @param jobTtl             finished runs ({@code detached: false}) are removed by Kubernetes this long after
 * @param desiredFile        a compose file with the desired services (optional)
 * @param desiredConfigMap   a ConfigMap in {@code namespace} holding the compose file instead (optional)
 * @param desiredConfigMapKey the key of that ConfigMap
 */
@ConfigurationProperties("deckhand.services")
public record ServicesSettings(
        @Bindable(defaultValue = "deckhand-services") String namespace,
        @Bindable(defaultValue = "30000") int nodePortMin,
        @Bindable(defaultValue = "32767") int nodePortMax,
        @Bindable(defaultValue = "80") int containerPort,
        @Bindable(defaultValue = "30s") Duration runTimeout,
        @Bindable(defaultValue = "500ms") Duration runPollInterval,
        @Bindable(defaultValue = "20") int logTailLines,
        @Bindable(defaultValue = "1h") Duration jobTtl,
        @Nullable String desiredFile,
        @Nullable String desiredConfigMap,
        @Bindable(defaultValue = "docker-compose.yml") String desiredConfigMapKey) {

    public boolean inNodePortRange(int port) {
        return port >= nodePortMin && port <= nodePortMax;
    }
}
