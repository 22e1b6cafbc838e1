package dev.deckhand.cluster.failures;

import dev.deckhand.agents.AgentSettings;
import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.cluster.KubernetesCalls;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger as the ConfigMap {@value #NAME} in the agents' namespace, key {@value #KEY} (JSON), so that
 * {@code kubectl get configmap deckhand-reconciler-failures -o yaml} shows what the reconciler is backing off from.
 * Only the reconciler, under its lease, writes it; a write is a replace at the version read (or a create).
 */
@Singleton
public class KubernetesFailureLedgerStore implements FailureLedgerStore {

    public static final String NAME = "deckhand-reconciler-failures";
    public static final String KEY = "failures.json";
    private static final Argument<Map<String, Failure>> ENTRIES = Argument.mapOf(String.class, Failure.class);

    private final CoreV1Api core;
    private final JsonMapper json;
    private final String namespace;
    private volatile String resourceVersion;

    public KubernetesFailureLedgerStore(CoreV1Api core, JsonMapper json, AgentSettings settings) {
        this.core = core;
        this.json = json;
        this.namespace = settings.namespace();
    }

    @Override
    public Map<String, Failure> load() {
        V1ConfigMap map;
        try {
            map = KubernetesCalls.call("read ConfigMap " + NAME, () -> core.readNamespacedConfigMap(NAME, namespace).execute());
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                resourceVersion = null;
                return Map.of();
            }
            throw e;
        }
        resourceVersion = map.getMetadata() == null ? null : map.getMetadata().getResourceVersion();
        String text = map.getData() == null ? null : map.getData().get(KEY);
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(text.getBytes(StandardCharsets.UTF_8), ENTRIES);
        } catch (IOException e) {
            // Edited by hand into something else: start over rather than stop reconciling.
            return Map.of();
        }
    }

    @Override
    public void save(Map<String, Failure> entries) {
        String text;
        try {
            text = new String(json.writeValueAsBytes(new TreeMap<>(entries)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the failure ledger", e);
        }
        V1ConfigMap body = new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name(NAME).namespace(namespace).resourceVersion(resourceVersion)
                        .labels(Map.of(DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE)))
                .data(Map.of(KEY, text));
        V1ConfigMap written = resourceVersion == null
                ? KubernetesCalls.call("create ConfigMap " + NAME, () -> core.createNamespacedConfigMap(namespace, body).execute())
                : KubernetesCalls.call("replace ConfigMap " + NAME, () -> core.replaceNamespacedConfigMap(NAME, namespace, body).execute());
        resourceVersion = written.getMetadata() == null ? null : written.getMetadata().getResourceVersion();
    }
}
