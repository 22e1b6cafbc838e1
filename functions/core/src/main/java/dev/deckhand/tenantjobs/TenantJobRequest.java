package dev.deckhand.tenantjobs;

import java.util.List;

/** Seed 003's {@code podInRequest}: a command to run with PVCs of the tenant mounted, as the request gave it. */
public record TenantJobRequest(String tenant, String cmd, List<Volume> vols) {

    /** One PVC of the tenant's namespace and where it is mounted. */
    public record Volume(String pvc, String mount) {
    }
}
