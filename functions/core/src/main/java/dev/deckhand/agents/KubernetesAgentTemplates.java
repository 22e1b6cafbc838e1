package dev.deckhand.agents;

import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.cluster.KubernetesCalls;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/** The agent template as the ConfigMap {@value #NAME} in the agents' namespace, written by the reconciler only. */
@Singleton
public class KubernetesAgentTemplates implements AgentTemplates {

    public static final String NAME = "deckhand-node-agent-template";
    public static final String DEPLOYMENT_KEY = "deployment.json";
    public static final String SERVICE_KEY = "service.json";

    private final CoreV1Api core;
    private final String namespace;

    public KubernetesAgentTemplates(CoreV1Api core, AgentSettings settings) {
        this.core = core;
        this.namespace = settings.namespace();
    }

    @Override
    public Optional<AgentTemplate> read() {
        return readMap().flatMap(KubernetesAgentTemplates::template);
    }

    @Override
    public boolean publish(AgentTemplate template) {
        Optional<V1ConfigMap> live = readMap();
        if (live.isPresent() && live.flatMap(KubernetesAgentTemplates::template).filter(template::equals).isPresent()) {
            return false;
        }
        V1ConfigMap body = new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name(NAME).namespace(namespace)
                        .resourceVersion(live.map(m -> m.getMetadata().getResourceVersion()).orElse(null))
                        .labels(Map.of(DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE,
                                DeckhandLabels.NAME, AgentManifests.APP)))
                .data(Map.of(DEPLOYMENT_KEY, template.deploymentJson(), SERVICE_KEY, template.serviceJson()));
        if (live.isEmpty()) {
            KubernetesCalls.call("create ConfigMap " + NAME, () -> core.createNamespacedConfigMap(namespace, body).execute());
        } else {
            KubernetesCalls.call("replace ConfigMap " + NAME, () -> core.replaceNamespacedConfigMap(NAME, namespace, body).execute());
        }
        return true;
    }

    private Optional<V1ConfigMap> readMap() {
        try {
            return Optional.of(KubernetesCalls.call("read ConfigMap " + NAME, () -> core.readNamespacedConfigMap(NAME, namespace).execute()));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Optional<AgentTemplate> template(V1ConfigMap map) {
        Map<String, String> data = map.getData();
        if (data == null || data.get(DEPLOYMENT_KEY) == null || data.get(SERVICE_KEY) == null) {
            return Optional.empty();
        }
        return Optional.of(new AgentTemplate(data.get(DEPLOYMENT_KEY), data.get(SERVICE_KEY)));
    }
}
