package dev.deckhand.descriptors;

import dev.deckhand.descriptors.Descriptors.Doc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The RBAC objects of the descriptors, and what they grant a subject. */
final class Rbac {

    static final String RBAC = "rbac.authorization.k8s.io/v1";

    /** A binding subject: {@code ServiceAccount} (with namespace), {@code Group} or {@code User}. */
    record Subject(String kind, String name, String namespace) {

        static Subject serviceAccount(String namespace, String name) {
            return new Subject("ServiceAccount", name, namespace);
        }

        static Subject group(String name) {
            return new Subject("Group", name, null);
        }

        static Subject user(String name) {
            return new Subject("User", name, null);
        }

        @Override
        public String toString() {
            return kind + " " + (namespace == null ? "" : namespace + "/") + name;
        }
    }

    /**
     * One permission: a verb on a resource of a group, in a namespace (null: every namespace and the cluster
     * scope, as a ClusterRoleBinding grants) and, when the rule names them, on one object name only; or a verb on
     * a non-resource URL.
     */
    record Grant(String verb, String group, String resource, String namespace, String resourceName, String nonResourceUrl,
                 String source) {

        boolean covers(ApiCall call) {
            if (!call.verb().equals(verb)) {
                return false;
            }
            if (!call.isResource() || nonResourceUrl != null) {
                return !call.isResource() && nonResourceUrl != null && nonResourceUrl.equals(call.nonResourcePath())
                        && namespace == null;
            }
            return call.group().equals(group) && call.resource().equals(resource)
                    && (namespace == null || namespace.equals(call.namespace()))
                    && (resourceName == null || resourceName.equals(call.name()));
        }

        String describe() {
            if (nonResourceUrl != null) {
                return verb + " " + nonResourceUrl + " (" + source + ")";
            }
            return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource
                    + (resourceName == null ? "" : " " + resourceName)
                    + (namespace == null ? " in every namespace and cluster-wide" : " in namespace " + namespace)
                    + " (" + source + ")";
        }
    }

    private final Descriptors descriptors;

    Rbac(Descriptors descriptors) {
        this.descriptors = descriptors;
    }

    List<Doc> roles() {
        List<Doc> roles = new ArrayList<>(descriptors.ofKind(RBAC, "Role"));
        roles.addAll(descriptors.ofKind(RBAC, "ClusterRole"));
        return roles;
    }

    List<Doc> bindings() {
        List<Doc> bindings = new ArrayList<>(descriptors.ofKind(RBAC, "RoleBinding"));
        bindings.addAll(descriptors.ofKind(RBAC, "ClusterRoleBinding"));
        return bindings;
    }

    static List<Subject> subjects(Doc binding) {
        List<Subject> subjects = new ArrayList<>();
        for (Map<String, Object> s : Yamls.maps(binding.body().get("subjects"))) {
            String kind = Yamls.str(s.get("kind"));
            String namespace = "ServiceAccount".equals(kind) ? Yamls.str(s.get("namespace")) : null;
            subjects.add(new Subject(kind, Yamls.str(s.get("name")), namespace));
        }
        return subjects;
    }

    /** The identities Kubernetes authorizes a service account as: itself and its implicit groups. */
    static Set<Subject> asServiceAccount(String namespace, String name) {
        Set<Subject> identities = new LinkedHashSet<>();
        identities.add(Subject.serviceAccount(namespace, name));
        identities.add(Subject.group("system:serviceaccounts"));
        identities.add(Subject.group("system:serviceaccounts:" + namespace));
        identities.add(Subject.group("system:authenticated"));
        return identities;
    }

    /** The identities of an IAM principal mapped by an EKS access entry: its username and groups. */
    static Set<Subject> asMappedUser(String username, List<String> groups) {
        Set<Subject> identities = new LinkedHashSet<>();
        if (username != null) {
            identities.add(Subject.user(username));
        }
        groups.forEach(g -> identities.add(Subject.group(g)));
        identities.add(Subject.group("system:authenticated"));
        return identities;
    }

    /** Everything the descriptors' bindings grant to any of {@code identities}. */
    List<Grant> grantsTo(Set<Subject> identities) {
        List<Grant> grants = new ArrayList<>();
        for (Doc binding : bindings()) {
            if (subjects(binding).stream().noneMatch(identities::contains)) {
                continue;
            }
            Map<String, Object> ref = Yamls.map(binding.body().get("roleRef"));
            String refKind = Yamls.str(ref.get("kind"));
            String refName = Yamls.str(ref.get("name"));
            boolean clusterBinding = "ClusterRoleBinding".equals(binding.kind());
            Doc role = role(refKind, refName, clusterBinding ? null : binding.namespace());
            if (role == null) {
                throw new AssertionError(binding.where() + " refers to " + refKind + " " + refName
                        + (clusterBinding || "ClusterRole".equals(refKind) ? "" : " in namespace " + binding.namespace())
                        + ", which no descriptor defines");
            }
            String scope = clusterBinding ? null : binding.namespace();
            String source = role.kind() + " " + (role.namespace() == null ? "" : role.namespace() + "/") + role.name()
                    + " via " + binding.kind() + " " + (binding.namespace() == null ? "" : binding.namespace() + "/") + binding.name();
            for (Map<String, Object> rule : Yamls.maps(role.body().get("rules"))) {
                grants.addAll(expand(rule, scope, source));
            }
        }
        return grants;
    }

    private Doc role(String kind, String name, String namespace) {
        for (Doc role : roles()) {
            if (role.kind().equals(kind) && Objects.equals(role.name(), name)
                    && ("ClusterRole".equals(kind) || Objects.equals(role.namespace(), namespace))) {
                return role;
            }
        }
        return null;
    }

    private static List<Grant> expand(Map<String, Object> rule, String scope, String source) {
        List<Grant> grants = new ArrayList<>();
        List<String> verbs = Yamls.strings(rule.get("verbs"));
        for (String url : Yamls.strings(rule.get("nonResourceURLs"))) {
            for (String verb : verbs) {
                grants.add(new Grant(verb, null, null, scope, null, url, source));
            }
        }
        List<String> names = Yamls.strings(rule.get("resourceNames"));
        List<String> perName = names.isEmpty() ? java.util.Collections.singletonList(null) : names;
        for (String group : Yamls.strings(rule.get("apiGroups"))) {
            for (String resource : Yamls.strings(rule.get("resources"))) {
                for (String verb : verbs) {
                    for (String name : perName) {
                        grants.add(new Grant(verb, group, resource, scope, name, null, source));
                    }
                }
            }
        }
        return grants;
    }
}
