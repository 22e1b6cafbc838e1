package dev.deckhand.reconciler;

import dev.deckhand.agents.AgentSettings;
import dev.deckhand.cluster.KubernetesLeaseLock;
import dev.deckhand.cluster.LeaseLock;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The Lease every trigger's pass takes: {@code deckhand.reconciler.lease-name} in the Deckhand namespace. */
@Factory
class ReconcilerLease {

    @Singleton
    LeaseLock reconcilerLease(CoordinationV1Api api, AgentSettings agents, ReconcilerSettings settings) {
        return new KubernetesLeaseLock(api, agents.namespace(), settings.leaseName(), settings.leaseDuration(), Clock.systemUTC());
    }
}
