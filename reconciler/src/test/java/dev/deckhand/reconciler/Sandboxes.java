package dev.deckhand.reconciler;

import dev.deckhand.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reconciler contexts on a sandbox cluster, configured as a deployment's environment would, and what they made. */
public final class Sandboxes {

    public static final String OWNED = "app.kubernetes.io/managed-by=deckhand";
    public static final String LEASE = "deckhand-reconciler";

    private Sandboxes() {
    }

    public static Map<String, Object> properties(SandboxCluster cluster, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.namespace", "deckhand"));
        properties.putAll(extra);
        return properties;
    }

    public static ApplicationContext reconciler(SandboxCluster cluster, Map<String, Object> extra) {
        return ApplicationContext.run(properties(cluster, extra));
    }

    /** The agent Deployments in the cluster, read by the sandbox's own client (not counted in its request stats). */
    public static List<Deployment> agentDeployments(SandboxCluster cluster) {
        return cluster.client().apps().deployments().inNamespace("deckhand")
                .withLabel("app.kubernetes.io/managed-by", "deckhand").list().getItems();
    }

    public static int agentServices(SandboxCluster cluster) {
        return cluster.client().services().inNamespace("deckhand")
                .withLabel("app.kubernetes.io/managed-by", "deckhand").list().getItems().size();
    }
}
