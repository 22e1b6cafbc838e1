package dev.deckhand.agents;

import dev.deckhand.cluster.ListSource;
import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.cluster.ListedObject;
import dev.deckhand.cluster.ObjectMetadata;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;
import jakarta.inject.Singleton;

import java.util.List;

@Singleton
public class KubernetesAgentWorkloads implements AgentWorkloads {

    private static final int MAX_REPLACE_ATTEMPTS = 3;

    private final AppsV1Api apps;
    private final CoreV1Api core;
    private final LeanReads lists;
    private final String namespace;

    public KubernetesAgentWorkloads(AppsV1Api apps, CoreV1Api core, LeanReads lists, AgentSettings settings) {
        this.apps = apps;
        this.core = core;
        this.lists = lists;
        this.namespace = settings.namespace();
    }

    @Override
    public List<AgentObject> list(AgentKind kind) {
        String selector = AgentManifests.ownedSelector();
        // From the watch cache: a create of an object the list missed is a tolerated 409, a delete of one already gone a
        // tolerated 404, and replace reads the live object first (see ListSource).
        String cache = ListSource.WATCH_CACHE.resourceVersion();
        List<ListedObject> listed = switch (kind) {
            case DEPLOYMENT -> lists.metadata("list agent deployments",
                    () -> apps.listNamespacedDeployment(namespace).labelSelector(selector).resourceVersion(cache).buildCall(null));
            case SERVICE -> lists.metadata("list agent services",
                    () -> core.listNamespacedService(namespace).labelSelector(selector).resourceVersion(cache).buildCall(null));
        };
        return listed.stream().map(o -> observed(kind, o.metadata())).toList();
    }

    @Override
    public boolean create(V1Deployment deployment) {
        return createToleratingConflict("create deployment " + deployment.getMetadata().getName(),
                () -> apps.createNamespacedDeployment(namespace, deployment).execute());
    }

    @Override
    public boolean create(V1Service service) {
        return createToleratingConflict("create service " + service.getMetadata().getName(),
                () -> core.createNamespacedService(namespace, service).execute());
    }

    @Override
    public void replace(V1Deployment deployment, AgentObject observed) {
        for (int attempt = 1; ; attempt++) {
            // The Deployment controller writes status, which moves resourceVersion after our LIST; the spec is
            // ours alone, so replacing at the live version (and again if it moved once more) is safe.
            V1Deployment live = KubernetesCalls.call("read deployment " + observed.name(),
                    () -> apps.readNamespacedDeployment(observed.name(), namespace).execute());
            deployment.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            try {
                KubernetesCalls.call("replace deployment " + observed.name(),
                        () -> apps.replaceNamespacedDeployment(observed.name(), namespace, deployment).execute());
                return;
            } catch (RuntimeException e) {
                if (!KubernetesCalls.hasStatus(e, 409) || attempt == MAX_REPLACE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void replace(V1Service service, AgentObject observed) {
        // spec.clusterIP is immutable and assigned by the server: carry the live one over.
        V1Service live = KubernetesCalls.call("read service " + observed.name(),
                () -> core.readNamespacedService(observed.name(), namespace).execute());
        String liveIp = live.getSpec() == null ? null : live.getSpec().getClusterIP();
        if (AgentManifests.HEADLESS.equals(service.getSpec().getClusterIP()) && liveIp != null
                && !AgentManifests.HEADLESS.equals(liveIp)) {
            // An agent Service of an earlier template holds a cluster IP, which no update can take away: a new one.
            delete(observed);
            create(service);
            return;
        }
        service.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        if (live.getSpec() != null) {
            service.getSpec().setClusterIP(live.getSpec().getClusterIP());
            service.getSpec().setClusterIPs(live.getSpec().getClusterIPs());
        }
        KubernetesCalls.call("replace service " + observed.name(),
                () -> core.replaceNamespacedService(observed.name(), namespace, service).execute());
    }

    @Override
    public void delete(AgentObject observed) {
        try {
            switch (observed.kind()) {
                case DEPLOYMENT -> KubernetesCalls.call("delete deployment " + observed.name(),
                        () -> apps.deleteNamespacedDeployment(observed.name(), namespace).propagationPolicy("Background").execute());
                case SERVICE -> KubernetesCalls.call("delete service " + observed.name(),
                        () -> core.deleteNamespacedService(observed.name(), namespace).execute());
            }
        } catch (RuntimeException e) {
            if (!KubernetesCalls.hasStatus(e, 404)) {
                throw e;
            }
        }
    }

    private static boolean createToleratingConflict(String what, KubernetesCalls.Call<?> call) {
        try {
            KubernetesCalls.call(what, call);
            return true;
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                return false;
            }
            throw e;
        }
    }

    private static AgentObject observed(AgentKind kind, ObjectMetadata meta) {
        return new AgentObject(kind, meta.name(),
                meta.annotations().get(DeckhandLabels.NODE_NAME_ANNOTATION),
                meta.annotations().get(DeckhandLabels.SPEC_HASH_ANNOTATION),
                meta.resourceVersion());
    }
}
