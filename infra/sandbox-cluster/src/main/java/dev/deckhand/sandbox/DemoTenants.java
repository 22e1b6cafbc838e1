package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Demo tenants for tenant jobs (seed 003): namespaces named after the tenant id and labelled
 * {@code deckhand.dev/tenant=ID} with the {@code restricted} Pod Security labels, as
 * {@code infra/k8s/tenant-namespace.template.yaml} makes them, each with a couple of PVCs (bound by the simulator).
 */
public final class DemoTenants {

    /** Tenant id to the PVCs in its namespace. */
    public static final Map<String, List<String>> TENANTS = tenants();

    private DemoTenants() {
    }

    private static Map<String, List<String>> tenants() {
        Map<String, List<String>> tenants = new LinkedHashMap<>();
        tenants.put("tenant-a", List.of("data", "results"));
        tenants.put("tenant-b", List.of("data", "archive"));
        return java.util.Collections.unmodifiableMap(tenants);
    }

    static void seed(KubernetesClient client) {
        TENANTS.forEach((tenant, claims) -> {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(tenant)
                    .addToLabels("kubernetes.io/metadata.name", tenant)
                    .addToLabels("app.kubernetes.io/part-of", "deckhand")
                    .addToLabels("deckhand.dev/tenant", tenant)
                    .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                    .endMetadata()
                    .withNewStatus().withPhase("Active").endStatus().build()).create();
            for (String claim : claims) {
                client.persistentVolumeClaims().inNamespace(tenant).resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(claim).withNamespace(tenant).endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce")
                        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                        .endSpec().build()).create();
            }
        });
    }
}
