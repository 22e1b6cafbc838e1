package dev.deckhand.services;

import dev.deckhand.cluster.LeanReads;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * One cluster-wide LIST of Services (lean: metadata and ports only). Node ports are unique across the cluster, and
 * neither a label nor a field selector can pick a Service by node port, so every Service is read.
 */
@Singleton
public class KubernetesNodePorts implements NodePorts {

    private final CoreV1Api core;
    private final LeanReads reads;

    public KubernetesNodePorts(CoreV1Api core, LeanReads reads) {
        this.core = core;
        this.reads = reads;
    }

    @Override
    public Optional<String> holder(int nodePort) {
        return reads.list("list services of every namespace", () -> core.listServiceForAllNamespaces().buildCall(null),
                        LiveObjects.Service.class).stream()
                .filter(s -> s.spec() != null && s.spec().ports() != null
                        && s.spec().ports().stream().anyMatch(p -> p.nodePort() != null && p.nodePort() == nodePort))
                .map(s -> s.metadata().namespace() + "/" + s.metadata().name())
                .findFirst();
    }
}
