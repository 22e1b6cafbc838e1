package dev.deckhand.tenantjobs;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Tenant jobs ({@code deckhand.tenant-jobs.*}, seed 003). Job templates stored through Deckhand are
 * {@code jobtemplates.deckhand.dev} resources in {@code deckhand.agent.namespace}; the Jobs run in the tenant's namespace.
 *
 * @param ttlAfterFinished   {@code ttlSecondsAfterFinished} of a Job whose template sets none (the built-in default's)
 * @param maxCommandLength   longest {@code cmd}, in characters
 * @param maxVolumes         most {@code vols} one request may name
 * @param logTailLines       lines of the log {@code GET /pods?tenant=&name=} shows
 * @param logLimitBytes      bytes of log it reads at most
 * @param runAsUser          uid (and gid, fsGroup) a Job's pod runs as when its template names none: the restricted
 *                           profile needs a non-root user and busybox would run as root
 * @param defaultImage       image of the built-in default template (seed 003's busybox)
 * @param tenantServiceUrl   seed 003's {@code TENANT_SERVICE_URL}: when set, {@code GET URL/{tenantId}} is asked for the
 *                           tenant's template (its {@code templates} field) before the stored ones
 * @param tenantServiceTimeout deadline of a call to the tenant service
 * @param maxActiveJobs      most jobs of one tenant not yet finished; a new one beyond it is refused (429) until
 *                           some finish, so one tenant cannot flood the cluster
 */
@ConfigurationProperties("deckhand.tenant-jobs")
public record TenantJobSettings(
        @Bindable(defaultValue = "1h") Duration ttlAfterFinished,
        @Bindable(defaultValue = "4096") int maxCommandLength,
        @Bindable(defaultValue = "8") int maxVolumes,
        @Bindable(defaultValue = "50") int logTailLines,
        @Bindable(defaultValue = "16384") int logLimitBytes,
        @Bindable(defaultValue = "65534") long runAsUser,
        @Bindable(defaultValue = "busybox:1.28.4") String defaultImage,
        @Nullable String tenantServiceUrl,
        @Bindable(defaultValue = "5s") Duration tenantServiceTimeout,
        @Bindable(defaultValue = "20") int maxActiveJobs) {

    public static TenantJobSettings defaults() {
        return new TenantJobSettings(Duration.ofHours(1), 4096, 8, 50, 16384, 65534, "busybox:1.28.4", null,
                Duration.ofSeconds(5), 20);
    }

    public TenantJobSettings withTenantServiceUrl(String url) {
        return new TenantJobSettings(ttlAfterFinished, maxCommandLength, maxVolumes, logTailLines, logLimitBytes, runAsUser,
                defaultImage, url, tenantServiceTimeout, maxActiveJobs);
    }

    public TenantJobSettings withMaxActiveJobs(int max) {
        return new TenantJobSettings(ttlAfterFinished, maxCommandLength, maxVolumes, logTailLines, logLimitBytes, runAsUser,
                defaultImage, tenantServiceUrl, tenantServiceTimeout, max);
    }
}
