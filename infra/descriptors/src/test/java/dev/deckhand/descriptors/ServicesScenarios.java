package dev.deckhand.descriptors;

import dev.deckhand.reconciler.ReconcilePass;
import dev.deckhand.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RbacTest's scenarios for the services of seed 001: every route, and the reconcile paths (create, update, delete, recreate). */
final class ServicesScenarios {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
    private static final String COMPOSE = """
            services:
              web:
                image: nginx:1.27
                ports: ["30090:80"]
              api:
                image: registry.example.com:5000/team/api:1.2
                ports: [8080]
              worker:
                image: busybox:1.36
            """;

    private ServicesScenarios() {
    }

    /**
     * Every /services route: a published detached service, one on a node port of its choosing (checked against every
     * Service of the cluster first) deleted again, a run to completion deleted again, and the reads.
     */
    static void functions(Http http) {
        http.expect(201, "POST", "/services", "{\"image\":\"nginx:1.27\",\"publish\":true}");
        http.expect(201, "POST", "/services", "{\"image\":\"nginx:1.27\",\"publish\":30091}");
        http.expect(409, "POST", "/services", "{\"image\":\"nginx:1.27\",\"publish\":30091}");
        String fixed = group(ID, http.expect(200, "GET", "/services/latest", null));
        http.expect(200, "DELETE", "/services/{id}", "/services/" + fixed, null);
        String run = http.expect(201, "POST", "/services", "{\"image\":\"busybox:1.36\",\"detached\":false}");
        http.expect(200, "DELETE", "/services/{id}", "/services/" + group(ID, run), null);
        http.expect(201, "POST", "/services", "{\"image\":\"busybox:1.36\",\"detached\":false}");
        http.expect(200, "GET", "/services", null);
        String latest = http.expect(200, "GET", "/services/latest", null);
        String id = group(ID, latest);
        String name = group(NAME, latest);
        http.expect(200, "GET", "/services/{id}", "/services/" + id, null);
        http.expect(200, "GET", "/services/name/{name}", "/services/name/" + name, null);
        http.expect(200, "GET", "/services/latest/{image+}", "/services/latest/nginx:1.27", null);
    }

    /** The compose ConfigMap the reconciler's environment names: created, changed, a Deployment deleted by hand. */
    static void reconciler(SandboxCluster cluster, Map<String, String> env, ReconcilePass pass) {
        String ns = env.get("DECKHAND_SERVICES_NAMESPACE");
        String configMap = env.get("DECKHAND_SERVICES_CONFIG_MAP");
        if (ns == null || configMap == null) {
            throw new AssertionError("the reconciler's descriptors should set DECKHAND_SERVICES_NAMESPACE and DECKHAND_SERVICES_CONFIG_MAP");
        }
        writeCompose(cluster, ns, configMap, COMPOSE);
        until(pass, () -> List.of("web", "api", "worker").stream().allMatch(n -> deployment(cluster, ns, n) != null),
                "a pass should create the compose services");
        writeCompose(cluster, ns, configMap, COMPOSE.replace("nginx:1.27", "nginx:1.28").replace("[8080]", "[8081]")
                .replaceAll("(?s)  worker:.*", ""));
        until(pass, () -> deployment(cluster, ns, "worker") == null
                        && "nginx:1.28".equals(deployment(cluster, ns, "web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        && cluster.client().services().inNamespace(ns).withName("api").get().getSpec().getPorts().get(0).getPort() == 8081,
                "a pass should roll out the changed compose file and remove the service it no longer names");
        cluster.client().apps().deployments().inNamespace(ns).withName("web").delete();
        until(pass, () -> deployment(cluster, ns, "web") != null, "a pass should recreate a Deployment deleted by hand");
    }

    private static void writeCompose(SandboxCluster cluster, String ns, String name, String compose) {
        cluster.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .endMetadata().withData(Map.of("docker-compose.yml", compose)).build()).createOr(c -> c.update());
    }

    private static Deployment deployment(SandboxCluster cluster, String ns, String name) {
        return cluster.client().apps().deployments().inNamespace(ns).withName(name).get();
    }

    private static void until(ReconcilePass pass, BooleanSupplier done, String what) {
        StringBuilder outcomes = new StringBuilder();
        for (int attempt = 1; attempt <= 5; attempt++) {
            outcomes.append(pass.run().describe()).append('\n');
            if (done.getAsBoolean()) {
                return;
            }
        }
        throw new AssertionError(what + "; after 5 passes:\n" + outcomes);
    }

    private static String group(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new AssertionError("no " + pattern + " in " + body);
        }
        return matcher.group(1);
    }
}
