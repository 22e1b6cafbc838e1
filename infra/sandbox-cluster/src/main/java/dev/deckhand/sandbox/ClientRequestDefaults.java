package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a real API server does with a client's create or replace body and the mock does not:
 * <ul>
 *   <li>fills in {@code apiVersion} and {@code kind} when they are missing (a real server knows both from the
 *       URL). The official Java client's typed models leave them null unless the caller sets them, and the mock
 *       answers 422 "kind is required" without them. Only built-in kinds are known; a custom resource body must
 *       carry its own (callers of the official client's {@code CustomObjectsApi} always set them);</li>
 *   <li>names an object created with {@code metadata.generateName} as a real server does, the prefix and five
 *       random characters ({@code job-} becomes {@code job-x7k2p}); the mock would append {@code -} and a UUID.</li>
 * </ul>
 */
final class ClientRequestDefaults {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** plural(.group) -> kind. */
    static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("pods", "Pod"),
            Map.entry("services", "Service"),
            Map.entry("configmaps", "ConfigMap"),
            Map.entry("secrets", "Secret"),
            Map.entry("namespaces", "Namespace"),
            Map.entry("nodes", "Node"),
            Map.entry("persistentvolumeclaims", "PersistentVolumeClaim"),
            Map.entry("persistentvolumes", "PersistentVolume"),
            Map.entry("serviceaccounts", "ServiceAccount"),
            Map.entry("events", "Event"),
            Map.entry("endpoints", "Endpoints"),
            Map.entry("replicationcontrollers", "ReplicationController"),
            Map.entry("resourcequotas", "ResourceQuota"),
            Map.entry("limitranges", "LimitRange"),
            Map.entry("podtemplates", "PodTemplate"),
            Map.entry("deployments.apps", "Deployment"),
            Map.entry("replicasets.apps", "ReplicaSet"),
            Map.entry("statefulsets.apps", "StatefulSet"),
            Map.entry("daemonsets.apps", "DaemonSet"),
            Map.entry("controllerrevisions.apps", "ControllerRevision"),
            Map.entry("jobs.batch", "Job"),
            Map.entry("cronjobs.batch", "CronJob"),
            Map.entry("leases.coordination.k8s.io", "Lease"),
            Map.entry("roles.rbac.authorization.k8s.io", "Role"),
            Map.entry("rolebindings.rbac.authorization.k8s.io", "RoleBinding"),
            Map.entry("clusterroles.rbac.authorization.k8s.io", "ClusterRole"),
            Map.entry("clusterrolebindings.rbac.authorization.k8s.io", "ClusterRoleBinding"),
            Map.entry("ingresses.networking.k8s.io", "Ingress"),
            Map.entry("networkpolicies.networking.k8s.io", "NetworkPolicy"),
            Map.entry("poddisruptionbudgets.policy", "PodDisruptionBudget"),
            Map.entry("horizontalpodautoscalers.autoscaling", "HorizontalPodAutoscaler"),
            Map.entry("customresourcedefinitions.apiextensions.k8s.io", "CustomResourceDefinition"),
            Map.entry("storageclasses.storage.k8s.io", "StorageClass"),
            Map.entry("priorityclasses.scheduling.k8s.io", "PriorityClass"),
            Map.entry("endpointslices.discovery.k8s.io", "EndpointSlice"),
            Map.entry("events.events.k8s.io", "Event"));

    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private ClientRequestDefaults() {
    }

    static RecordedRequest apply(RecordedRequest request) {
        HttpMethod method = request.method();
        if ((method != HttpMethod.POST && method != HttpMethod.PUT) || request.getBody() == null
                || request.getBody().size() == 0) {
            return request;
        }
        String pathAndQuery = request.getPath();
        int q = pathAndQuery.indexOf('?');
        String path = q >= 0 ? pathAndQuery.substring(0, q) : pathAndQuery;
        SandboxApiServer.ApiPath parsed = SandboxApiServer.ApiPath.parse(path);
        if (parsed == null) {
            return request;
        }
        String kind = KINDS.get(parsed.resource());
        JsonNode body;
        try {
            body = JSON.readTree(request.getBody().getBytes());
        } catch (IOException e) {
            return request; // let the mock answer the malformed body
        }
        if (!(body instanceof ObjectNode object)) {
            return request;
        }
        boolean changed = false;
        if (kind != null && !(object.hasNonNull("kind") && object.hasNonNull("apiVersion"))) {
            String[] segments = path.substring(1).split("/");
            String apiVersion = segments[0].equals("api") ? segments[1] : segments[1] + "/" + segments[2];
            if (!object.hasNonNull("apiVersion")) {
                object.put("apiVersion", apiVersion);
            }
            if (!object.hasNonNull("kind")) {
                object.put("kind", kind);
            }
            changed = true;
        }
        if (method == HttpMethod.POST && object.get("metadata") instanceof ObjectNode meta
                && (!meta.hasNonNull("name") || meta.get("name").asText().isEmpty())
                && meta.hasNonNull("generateName") && !meta.get("generateName").asText().isEmpty()) {
            StringBuilder name = new StringBuilder(meta.get("generateName").asText());
            for (int i = 0; i < 5; i++) {
                name.append(NAME_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(NAME_ALPHABET.length())));
            }
            meta.put("name", name.toString());
            changed = true;
        }
        if (!changed) {
            return request;
        }
        byte[] bytes = object.toString().getBytes(StandardCharsets.UTF_8);
        return new RecordedRequest(request.getHttpVersion(), method, pathAndQuery,
                request.getHeaders().newBuilder().set("Content-Length", String.valueOf(bytes.length)).build(),
                new Buffer(bytes));
    }
}
