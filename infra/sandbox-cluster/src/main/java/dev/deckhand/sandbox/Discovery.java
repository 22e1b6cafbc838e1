package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API server's discovery documents ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/GROUP/VERSION}),
 * which the mock does not serve and without which kubectl knows no resource type. Lists the built-in kinds the
 * sandbox holds and Deckhand's custom resources, read from the CRDs Deckhand ships (infra/k8s/crds), so kubectl's
 * short names ({@code pwt}, {@code sdoc}, {@code djt}) work as on a real cluster. Served as plain JSON: kubectl asks
 * for aggregated discovery first and falls back to these documents when it gets them.
 */
final class Discovery {

    /** The CRDs Deckhand ships, packaged with the sandbox from infra/k8s/crds. */
    static final List<String> CRD_RESOURCES = List.of("crds/prewarmtasks.deckhand.dev.yaml", "crds/cleanuptasks.deckhand.dev.yaml",
            "crds/servicedocuments.deckhand.dev.yaml", "crds/jobtemplates.deckhand.dev.yaml");

    private static final List<String> READ_WRITE = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");

    /** One resource of a group version, as {@code APIResource} describes it. */
    record Resource(String name, String singularName, boolean namespaced, String kind, List<String> shortNames,
                    List<String> categories) {

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("singularName", singularName);
            json.put("namespaced", namespaced);
            json.put("kind", kind);
            json.put("verbs", READ_WRITE);
            if (!shortNames.isEmpty()) {
                json.put("shortNames", shortNames);
            }
            if (!categories.isEmpty()) {
                json.put("categories", categories);
            }
            return json;
        }
    }

    private static Resource builtIn(String name, String kind, boolean namespaced, String... shortNames) {
        return new Resource(name, kind.toLowerCase(), namespaced, kind, List.of(shortNames), List.of());
    }

    private static Resource subresource(String name, String kind, boolean namespaced) {
        return new Resource(name, "", namespaced, kind, List.of(), List.of());
    }

    /** group/version ("v1" for the core group) -> resources. */
    private final Map<String, List<Resource>> groups = new TreeMap<>();

    Discovery() {
        groups.put("v1", List.of(
                builtIn("namespaces", "Namespace", false, "ns"),
                subresource("namespaces/status", "Namespace", false),
                builtIn("nodes", "Node", false, "no"),
                subresource("nodes/status", "Node", false),
                builtIn("pods", "Pod", true, "po"),
                subresource("pods/status", "Pod", true),
                subresource("pods/log", "Pod", true),
                builtIn("services", "Service", true, "svc"),
                subresource("services/status", "Service", true),
                builtIn("configmaps", "ConfigMap", true, "cm"),
                builtIn("secrets", "Secret", true),
                builtIn("persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
                subresource("persistentvolumeclaims/status", "PersistentVolumeClaim", true),
                builtIn("persistentvolumes", "PersistentVolume", false, "pv"),
                builtIn("events", "Event", true, "ev"),
                builtIn("serviceaccounts", "ServiceAccount", true, "sa")));
        groups.put("apps/v1", List.of(
                builtIn("deployments", "Deployment", true, "deploy"),
                subresource("deployments/status", "Deployment", true),
                builtIn("replicasets", "ReplicaSet", true, "rs"),
                subresource("replicasets/status", "ReplicaSet", true)));
        groups.put("batch/v1", List.of(
                builtIn("jobs", "Job", true),
                subresource("jobs/status", "Job", true),
                builtIn("cronjobs", "CronJob", true, "cj")));
        groups.put("coordination.k8s.io/v1", List.of(builtIn("leases", "Lease", true)));
        groups.put("storage.k8s.io/v1", List.of(builtIn("storageclasses", "StorageClass", false, "sc")));
        groups.put("networking.k8s.io/v1", List.of(builtIn("networkpolicies", "NetworkPolicy", true, "netpol")));
        groups.put("rbac.authorization.k8s.io/v1", List.of(
                builtIn("roles", "Role", true), builtIn("rolebindings", "RoleBinding", true),
                builtIn("clusterroles", "ClusterRole", false), builtIn("clusterrolebindings", "ClusterRoleBinding", false)));
        Map<String, List<Resource>> custom = new TreeMap<>();
        for (String crd : CRD_RESOURCES) {
            JsonNode spec = readYaml(crd).path("spec");
            JsonNode names = spec.path("names");
            boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
            String kind = names.path("kind").asText();
            for (JsonNode version : spec.path("versions")) {
                if (!version.path("served").asBoolean()) {
                    continue;
                }
                List<Resource> resources = custom.computeIfAbsent(spec.path("group").asText() + "/" + version.path("name").asText(),
                        k -> new ArrayList<>());
                resources.add(new Resource(names.path("plural").asText(), names.path("singular").asText(), namespaced,
                        kind, strings(names.path("shortNames")), strings(names.path("categories"))));
                if (version.path("subresources").has("status")) {
                    resources.add(subresource(names.path("plural").asText() + "/status", kind, namespaced));
                }
            }
        }
        groups.putAll(custom);
    }

    private static JsonNode readYaml(String resource) {
        try (InputStream in = Discovery.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the sandbox is packaged without " + resource);
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(s -> strings.add(s.asText()));
        return strings;
    }

    /** Whether a GET of this path (no query) is a discovery document or an OpenAPI document. */
    static boolean matches(String method, String path) {
        if (!method.equals("GET")) {
            return false;
        }
        String[] s = path.split("/");
        return path.equals("/api") || path.equals("/apis") || path.equals("/api/v1")
                || (s.length == 4 && s[1].equals("apis")) || path.startsWith("/openapi/");
    }

    /** The discovery document at {@code path}, or 404 for an unknown group version. */
    MockResponse respond(String path) {
        Object body;
        if (path.equals("/openapi/v3")) {
            Map<String, Object> paths = new TreeMap<>();
            groups.keySet().forEach(gv -> paths.put(gv.equals("v1") ? "api/v1" : "apis/" + gv,
                    Map.of("serverRelativeURL", "/openapi/v3/" + (gv.equals("v1") ? "api/v1" : "apis/" + gv))));
            body = Map.of("paths", paths);
        } else if (path.startsWith("/openapi/v3/")) {
            body = openApi(path.substring("/openapi/v3/".length()));
            if (body == null) {
                return notFound();
            }
        } else if (path.startsWith("/openapi/")) {
            return notFound();
        } else if (path.equals("/api")) {
            body = Map.of("kind", "APIVersions", "versions", List.of("v1"),
                    "serverAddressByClientCIDRs", List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "127.0.0.1")));
        } else if (path.equals("/apis")) {
            body = groupList();
        } else {
            String groupVersion = path.equals("/api/v1") ? "v1" : path.substring("/apis/".length());
            List<Resource> resources = groups.get(groupVersion);
            if (resources == null) {
                return notFound();
            }
            body = Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", groupVersion,
                    "resources", resources.stream().map(Resource::json).toList());
        }
        return json(200, body);
    }

    /**
     * A group version's OpenAPI v3 document, without schemas: its write operations declare the
     * {@code fieldValidation} parameter, so kubectl leaves field validation to the server (as with any server since
     * 1.27) instead of validating on its own against schemas.
     */
    private Map<String, Object> openApi(String groupVersionPath) {
        String groupVersion = groupVersionPath.startsWith("api/") ? groupVersionPath.substring(4)
                : groupVersionPath.startsWith("apis/") ? groupVersionPath.substring(5) : null;
        List<Resource> resources = groupVersion == null ? null : groups.get(groupVersion);
        if (resources == null) {
            return null;
        }
        String prefix = "/" + groupVersionPath + "/";
        int slash = groupVersion.indexOf('/');
        String group = slash < 0 ? "" : groupVersion.substring(0, slash);
        String version = groupVersion.substring(slash + 1);
        Map<String, Object> paths = new TreeMap<>();
        for (Resource resource : resources) {
            // kubectl matches operations to a kind by this extension, then looks for the parameter.
            Map<String, Object> writes = Map.of("parameters", List.of(Map.of("name", "fieldValidation", "in", "query",
                            "schema", Map.of("type", "string"))),
                    "x-kubernetes-group-version-kind", Map.of("group", group, "version", version, "kind", resource.kind()));
            String collection = prefix + (resource.namespaced() ? "namespaces/{namespace}/" : "") + resource.name();
            if (resource.name().contains("/")) {
                String[] parts = resource.name().split("/");
                paths.put(prefix + (resource.namespaced() ? "namespaces/{namespace}/" : "") + parts[0] + "/{name}/" + parts[1],
                        Map.of("put", writes, "patch", writes));
            } else {
                paths.put(collection, Map.of("post", writes));
                paths.put(collection + "/{name}", Map.of("put", writes, "patch", writes));
            }
        }
        return Map.of("openapi", "3.0.0", "info", Map.of("title", "Kubernetes", "version", "v1.30.4"), "paths", paths);
    }

    private Map<String, Object> groupList() {
        Map<String, List<String>> versionsByGroup = new TreeMap<>();
        groups.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> {
            int slash = gv.indexOf('/');
            versionsByGroup.computeIfAbsent(gv.substring(0, slash), g -> new ArrayList<>()).add(gv.substring(slash + 1));
        });
        List<Object> list = new ArrayList<>();
        versionsByGroup.forEach((group, versions) -> {
            List<Object> versionObjects = versions.stream()
                    .<Object>map(v -> Map.of("groupVersion", group + "/" + v, "version", v)).toList();
            list.add(Map.of("name", group, "versions", versionObjects, "preferredVersion", versionObjects.get(0)));
        });
        return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", list);
    }

    private static MockResponse notFound() {
        return json(404, Map.of("kind", "Status", "apiVersion", "v1", "metadata", Map.of(), "status", "Failure",
                "message", "the server could not find the requested resource", "reason", "NotFound", "code", 404));
    }

    private static MockResponse json(int status, Object body) {
        return new MockResponse().setResponseCode(status).addHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(body));
    }
}
