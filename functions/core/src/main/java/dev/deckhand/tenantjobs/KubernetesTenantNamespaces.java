package dev.deckhand.tenantjobs;

import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.cluster.ObjectMetadata;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/** Reads one namespace and one PVC by name: {@code get namespaces}, {@code get persistentvolumeclaims}. */
@Singleton
public class KubernetesTenantNamespaces implements TenantNamespaces {

    private final CoreV1Api core;
    private final LeanReads reads;

    public KubernetesTenantNamespaces(CoreV1Api core, LeanReads reads) {
        this.core = core;
        this.reads = reads;
    }

    @Serdeable
    record Named(ObjectMetadata metadata) {
    }

    @Override
    public boolean isTenant(String tenant) {
        try {
            Named ns = reads.get("read namespace " + tenant, () -> core.readNamespace(tenant).buildCall(null), Named.class);
            return ns.metadata() != null && tenant.equals(ns.metadata().labels().get(TENANT_LABEL));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean claimExists(String namespace, String claim) {
        try {
            reads.get("read PVC " + claim + " in " + namespace,
                    () -> core.readNamespacedPersistentVolumeClaim(claim, namespace).buildCall(null), Named.class);
            return true;
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return false;
            }
            throw e;
        }
    }

}
