package dev.deckhand.agents;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;
import dev.deckhand.cluster.DeckhandLabels;

import java.util.EnumMap;
import java.util.Map;

/**
 * The node agent's template: its Deployment and Service as rendered for a placeholder node, in JSON, exactly as the
 * process that rendered them wrote them. Whoever renders agents from the same template (the reconciler, and the
 * functions' {@code GET /update/monitor}) stamps the same hash on them, whatever their own settings or version, so
 * neither replaces what the other wrote.
 */
public record AgentTemplate(String deploymentJson, String serviceJson, Map<AgentKind, String> hashes) {

    /** @param hashes the hash stamped on each kind's objects: the first 16 hex digits of the SHA-256 of its JSON */
    public AgentTemplate {
        hashes = Map.copyOf(hashes);
    }

    public AgentTemplate(String deploymentJson, String serviceJson) {
        this(deploymentJson, serviceJson, hashesOf(deploymentJson, serviceJson));
    }

    private static Map<AgentKind, String> hashesOf(String deploymentJson, String serviceJson) {
        Map<AgentKind, String> hashes = new EnumMap<>(AgentKind.class);
        hashes.put(AgentKind.DEPLOYMENT, AgentNaming.sha256(deploymentJson).substring(0, 16));
        hashes.put(AgentKind.SERVICE, AgentNaming.sha256(serviceJson).substring(0, 16));
        return hashes;
    }

    /** The agent Deployment of {@code node}, in {@code namespace}. */
    public V1Deployment deployment(String node, String namespace) {
        V1Deployment deployment = AgentManifests.pin(JSON.getGson().fromJson(deploymentJson, V1Deployment.class), node, namespace);
        deployment.getMetadata().putAnnotationsItem(DeckhandLabels.SPEC_HASH_ANNOTATION, hashes.get(AgentKind.DEPLOYMENT));
        return deployment;
    }

    /** The agent Service of {@code node}, in {@code namespace}. */
    public V1Service service(String node, String namespace) {
        V1Service service = AgentManifests.pin(JSON.getGson().fromJson(serviceJson, V1Service.class), node, namespace);
        service.getMetadata().putAnnotationsItem(DeckhandLabels.SPEC_HASH_ANNOTATION, hashes.get(AgentKind.SERVICE));
        return service;
    }
}
