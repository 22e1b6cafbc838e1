package dev.deckhand.services;

import dev.deckhand.cluster.ListSource;
import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

@Singleton
public class KubernetesServiceObjects implements ServiceObjects {

    private static final int MAX_REPLACE_ATTEMPTS = 3;

    private final AppsV1Api apps;
    private final CoreV1Api core;
    private final BatchV1Api batch;
    private final LeanReads reads;
    private final String namespace;

    public KubernetesServiceObjects(AppsV1Api apps, CoreV1Api core, BatchV1Api batch, LeanReads reads, ServicesSettings settings) {
        this.apps = apps;
        this.core = core;
        this.batch = batch;
        this.reads = reads;
        this.namespace = settings.namespace();
    }

    @Override
    public List<ObservedServiceObject> list(ServiceObjectKind kind, ListSource source) {
        String selector = ServiceLabels.ownedSelector();
        String version = source.resourceVersion();
        List<dev.deckhand.cluster.ListedObject> listed = switch (kind) {
            case DEPLOYMENT -> reads.metadata("list service deployments",
                    () -> apps.listNamespacedDeployment(namespace).labelSelector(selector).resourceVersion(version).buildCall(null));
            case SERVICE -> reads.metadata("list services",
                    () -> core.listNamespacedService(namespace).labelSelector(selector).resourceVersion(version).buildCall(null));
        };
        return listed.stream().map(o -> ObservedServiceObject.of(kind, o.metadata())).toList();
    }

    @Override
    public List<LiveObjects.Service> services() {
        return reads.list("list services", () -> core.listNamespacedService(namespace).labelSelector(ServiceLabels.ownedSelector())
                .buildCall(null), LiveObjects.Service.class);
    }

    @Override
    public List<LiveObjects.Job> jobs() {
        return reads.list("list service jobs", () -> batch.listNamespacedJob(namespace).labelSelector(ServiceLabels.ownedSelector())
                .buildCall(null), LiveObjects.Job.class);
    }

    @Override
    public List<LiveObjects.Pod> pods() {
        return reads.list("list service pods", () -> core.listNamespacedPod(namespace).labelSelector(ServiceLabels.ownedSelector())
                .buildCall(null), LiveObjects.Pod.class);
    }

    @Override
    public List<LiveObjects.Pod> podsOfJob(String job) {
        return reads.list("list pods of job " + job, () -> core.listNamespacedPod(namespace).labelSelector("job-name=" + job)
                .buildCall(null), LiveObjects.Pod.class);
    }

    @Override
    public Optional<LiveObjects.Job> job(String name) {
        try {
            return Optional.of(reads.get("read job " + name, () -> batch.readNamespacedJob(name, namespace).buildCall(null), LiveObjects.Job.class));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean create(V1Deployment deployment) {
        return tolerateConflict(() -> KubernetesCalls.call("create deployment " + deployment.getMetadata().getName(),
                () -> apps.createNamespacedDeployment(namespace, deployment).execute()));
    }

    @Override
    public boolean create(V1Service service) {
        return tolerateConflict(() -> KubernetesCalls.call("create service " + service.getMetadata().getName(),
                () -> core.createNamespacedService(namespace, service).execute()));
    }

    @Override
    public void create(V1Job job) {
        KubernetesCalls.call("create job " + job.getMetadata().getName(), () -> batch.createNamespacedJob(namespace, job).execute());
    }

    @Override
    public void replace(V1Deployment deployment) {
        String name = deployment.getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            // The Deployment controller writes status after our LIST; the spec is ours alone, so replacing at the
            // live version (and again if it moved once more) is safe.
            V1Deployment live = KubernetesCalls.call("read deployment " + name, () -> apps.readNamespacedDeployment(name, namespace).execute());
            deployment.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            try {
                KubernetesCalls.call("replace deployment " + name, () -> apps.replaceNamespacedDeployment(name, namespace, deployment).execute());
                return;
            } catch (RuntimeException e) {
                if (!KubernetesCalls.hasStatus(e, 409) || attempt == MAX_REPLACE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void replace(V1Service service) {
        String name = service.getMetadata().getName();
        V1Service live = KubernetesCalls.call("read service " + name, () -> core.readNamespacedService(name, namespace).execute());
        if (live.getSpec() != null && ServiceManifests.headless(service) != "None".equals(live.getSpec().getClusterIP())) {
            // A cluster IP cannot be added to or taken from a Service in place: publishing (or no longer) recreates it.
            delete(ServiceObjectKind.SERVICE, name);
            create(service);
            return;
        }
        service.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        if (live.getSpec() != null) {
            service.getSpec().setClusterIP(live.getSpec().getClusterIP());
            service.getSpec().setClusterIPs(live.getSpec().getClusterIPs());
            // Node ports the cluster assigned stay as they are.
            for (V1ServicePort port : service.getSpec().getPorts() == null ? List.<V1ServicePort>of() : service.getSpec().getPorts()) {
                if (port.getNodePort() == null && live.getSpec().getPorts() != null) {
                    live.getSpec().getPorts().stream().filter(p -> port.getPort().equals(p.getPort())).findFirst()
                            .ifPresent(p -> port.setNodePort(p.getNodePort()));
                }
            }
        }
        KubernetesCalls.call("replace service " + name, () -> core.replaceNamespacedService(name, namespace, service).execute());
    }

    @Override
    public void delete(ServiceObjectKind kind, String name) {
        try {
            switch (kind) {
                case DEPLOYMENT -> KubernetesCalls.call("delete deployment " + name,
                        () -> apps.deleteNamespacedDeployment(name, namespace).propagationPolicy("Background").execute());
                case SERVICE -> KubernetesCalls.call("delete service " + name,
                        () -> core.deleteNamespacedService(name, namespace).execute());
            }
        } catch (RuntimeException e) {
            if (!KubernetesCalls.hasStatus(e, 404)) {
                throw e;
            }
        }
    }

    @Override
    public void deleteJob(String name) {
        try {
            KubernetesCalls.call("delete job " + name,
                    () -> batch.deleteNamespacedJob(name, namespace).propagationPolicy("Background").execute());
        } catch (RuntimeException e) {
            if (!KubernetesCalls.hasStatus(e, 404)) {
                throw e;
            }
        }
    }

    @Override
    public String log(String pod, int tailLines) {
        return KubernetesCalls.call("read log of pod " + pod,
                () -> core.readNamespacedPodLog(pod, namespace).container(ServiceManifests.CONTAINER).tailLines(tailLines).execute());
    }

    private static boolean tolerateConflict(Runnable create) {
        try {
            create.run();
            return true;
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                return false;
            }
            throw e;
        }
    }
}
