package dev.deckhand.tenantjobs;

import java.util.List;

/** A request that passed {@link TenantJobValidation}: mount paths normalised, the Job's name derived. */
public record ValidJobRequest(String tenant, String cmd, List<TenantJobRequest.Volume> vols, String jobName) {

    /** The tenant's namespace: named after the tenant id, never taken from the request. */
    public String namespace() {
        return tenant;
    }
}
