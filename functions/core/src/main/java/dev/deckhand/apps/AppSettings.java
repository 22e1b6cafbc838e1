package dev.deckhand.apps;

import dev.deckhand.cluster.Redacted;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simplified deployments ({@code deckhand.deployments.*}).
 *
 * @param namespace           where services are deployed and their documents stored ({@code DECKHAND_DEPLOY_NAMESPACE})
 * @param storageClass        storage class of the PVCs; none means the cluster's default class
 * @param gpuResources        the {@code gpu} values a container may name, each {@code value=extended-resource}; the
 *                            container gets a limit of 1 of that resource
 * @param catalogUrl          when set, {@code deploy} fetches the document from this seed-compatible catalog API
 *                            instead of the stored one ({@code DECKHAND_CATALOG_URL})
 * @param catalogPath         path appended to {@code catalogUrl}; {@code {id}} is the service id
 * @param catalogToken        sent as {@code Authorization: Bearer ...} to the catalog when set ({@code DECKHAND_CATALOG_TOKEN})
 * @param catalogTimeout      deadline of a catalog request
 * @param maxReplicas         most replicas a document may ask for
 */
@ConfigurationProperties("deckhand.deployments")
public record AppSettings(
        @Bindable(defaultValue = "deckhand-apps") String namespace,
        @Nullable String storageClass,
        @Bindable(defaultValue = "nvidia/gpu=nvidia.com/gpu,amd/gpu=amd.com/gpu") List<String> gpuResources,
        @Nullable String catalogUrl,
        @Bindable(defaultValue = "/items/docker_services/{id}") String catalogPath,
        @Nullable String catalogToken,
        @Bindable(defaultValue = "10s") Duration catalogTimeout,
        @Bindable(defaultValue = "10") int maxReplicas) {

    @Override
    public String toString() {
        return "AppSettings[namespace=" + namespace + ", storageClass=" + storageClass + ", gpuResources="
                + gpuResources + ", catalogUrl=" + catalogUrl + ", catalogPath=" + catalogPath + ", catalogToken="
                + Redacted.of(catalogToken) + ", catalogTimeout=" + catalogTimeout + ", maxReplicas=" + maxReplicas + "]";
    }

    /** The defaults, for code built without a context (tests). */
    public static AppSettings defaults() {
        return new AppSettings("deckhand-apps", null, List.of("nvidia/gpu=nvidia.com/gpu", "amd/gpu=amd.com/gpu"),
                null, "/items/docker_services/{id}", null, Duration.ofSeconds(10), 10);
    }

    /** {@code gpu} value to extended resource name. */
    public Map<String, String> gpuResourceMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : gpuResources) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalStateException("deckhand.deployments.gpu-resources entries must be value=resource, not \"" + entry + "\"");
            }
            map.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return map;
    }

    public boolean catalogConfigured() {
        return catalogUrl != null && !catalogUrl.isBlank();
    }
}
