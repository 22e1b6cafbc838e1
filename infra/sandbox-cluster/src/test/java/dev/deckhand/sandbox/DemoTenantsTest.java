package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo tenants tenant jobs' walk-through uses: labelled namespaces with PVCs the simulator binds. */
class DemoTenantsTest {

    @Test
    void tenantNamespacesAreLabelledAndTheirPvcsBind() throws InterruptedException {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).build())) {
            for (var tenant : DemoTenants.TENANTS.entrySet()) {
                var ns = cluster.client().namespaces().withName(tenant.getKey()).get();
                assertNotNull(ns, tenant.getKey());
                assertEquals(tenant.getKey(), ns.getMetadata().getLabels().get("deckhand.dev/tenant"));
                assertEquals("restricted", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
                Instant giveUp = Instant.now().plus(Duration.ofSeconds(10));
                List<PersistentVolumeClaim> claims;
                do {
                    claims = cluster.client().persistentVolumeClaims().inNamespace(tenant.getKey()).list().getItems();
                    if (claims.stream().allMatch(c -> c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()))) {
                        break;
                    }
                    Thread.sleep(100);
                } while (Instant.now().isBefore(giveUp));
                assertEquals(tenant.getValue().stream().sorted().toList(),
                        claims.stream().map(c -> c.getMetadata().getName()).sorted().toList());
                assertTrue(claims.stream().allMatch(c -> "Bound".equals(c.getStatus().getPhase())), claims.toString());
            }
            assertEquals(List.of("data", "results"), DemoTenants.TENANTS.get("tenant-a"));
            assertEquals(List.of("archive", "data"), DemoTenants.TENANTS.get("tenant-b").stream().sorted().toList());
        }
    }
}
