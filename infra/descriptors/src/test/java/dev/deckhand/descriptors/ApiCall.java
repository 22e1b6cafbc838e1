package dev.deckhand.descriptors;

import java.util.Comparator;

/**
 * One Kubernetes API request in RBAC terms: verb, API group ({@code ""} for the core group), resource (with
 * {@code /subresource}), namespace (null when cluster-scoped) and object name (null for collections); or a
 * non-resource URL.
 *
 * <p>Verbs as the API server's authorizer derives them: GET of an object {@code get}, of a collection {@code list}
 * ({@code watch} with {@code watch=true}), POST {@code create}, PUT {@code update}, PATCH {@code patch}, DELETE of an
 * object {@code delete}, of a collection {@code deletecollection}.
 */
record ApiCall(String verb, String group, String resource, String namespace, String name, String nonResourcePath) {

    static final Comparator<ApiCall> ORDER = Comparator.comparing(ApiCall::describe);

    /** From an HTTP request to the API server. */
    static ApiCall of(String method, String path, String query) {
        String[] s = (path.startsWith("/") ? path.substring(1) : path).split("/");
        int i;
        String group;
        if (s.length >= 2 && s[0].equals("api")) {
            group = "";
            i = 2;
        } else if (s.length >= 3 && s[0].equals("apis")) {
            group = s[1];
            i = 3;
        } else {
            return new ApiCall(method.toLowerCase(), null, null, null, null, path);
        }
        String namespace = null;
        if (s.length - i >= 3 && s[i].equals("namespaces")) {
            namespace = s[i + 1];
            i += 2;
        }
        if (s.length <= i || s[i].isEmpty()) {
            return new ApiCall(method.toLowerCase(), null, null, null, null, path);
        }
        boolean named = s.length > i + 1;
        String resource = s[i] + (s.length > i + 2 ? "/" + s[i + 2] : "");
        boolean watch = query != null && (query.contains("watch=true") || query.contains("watch=1"));
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
        return new ApiCall(verb, group, resource, namespace, named ? s[i + 1] : null, null);
    }

    /** From a key of the sandbox's request accounting, e.g. {@code "create deployments.apps"}: no namespace, no name. */
    static ApiCall ofSandboxKey(String key) {
        int space = key.indexOf(' ');
        String verb = key.substring(0, space);
        String rest = key.substring(space + 1);
        if (rest.startsWith("/")) {
            return new ApiCall(verb, null, null, null, null, rest);
        }
        int slash = rest.indexOf('/');
        String resourceAndGroup = slash < 0 ? rest : rest.substring(0, slash);
        String subresource = slash < 0 ? "" : rest.substring(slash);
        int dot = resourceAndGroup.indexOf('.');
        String resource = dot < 0 ? resourceAndGroup : resourceAndGroup.substring(0, dot);
        String group = dot < 0 ? "" : resourceAndGroup.substring(dot + 1);
        return new ApiCall(verb, group, resource + subresource, null, null, null);
    }

    boolean isResource() {
        return nonResourcePath == null;
    }

    /** The sandbox's accounting key of this call, e.g. {@code "update leases.coordination.k8s.io"}. */
    String sandboxKey() {
        if (!isResource()) {
            return verb + " " + nonResourcePath;
        }
        int slash = resource.indexOf('/');
        String plural = slash < 0 ? resource : resource.substring(0, slash);
        String sub = slash < 0 ? "" : resource.substring(slash);
        return verb + " " + plural + (group.isEmpty() ? "" : "." + group) + sub;
    }

    /** The same call without its object name (RBAC without resourceNames does not care). */
    ApiCall unnamed() {
        return new ApiCall(verb, group, resource, namespace, null, nonResourcePath);
    }

    /** e.g. {@code update coordination.k8s.io/leases deckhand-reconciler in namespace deckhand} */
    String describe() {
        if (!isResource()) {
            return verb + " " + nonResourcePath + " (non-resource URL)";
        }
        return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + (name == null ? "" : " " + name)
                + (namespace == null ? " (cluster-scoped)" : " in namespace " + namespace);
    }
}
