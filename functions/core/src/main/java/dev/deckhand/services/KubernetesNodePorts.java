package dev.deckhand.services;

import dev.deckhand.cluster.LeanReads;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;

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
    public Holders holders() {
        Map<Integer, String> byPort = new HashMap<>();
        for (LiveObjects.Service s : reads.list("list services of every namespace",
                () -> core.listServiceForAllNamespaces().buildCall(null), LiveObjects.Service.class)) {
            if (s.spec() == null || s.spec().ports() == null) {
                continue;
            }
            for (LiveObjects.ServicePort p : s.spec().ports()) {
                if (p.nodePort() != null) {
                    byPort.putIfAbsent(p.nodePort(), s.metadata().namespace() + "/" + s.metadata().name());
                }
            }
        }
        return new Holders(byPort);
    }
}
