package dev.deckhand.apps;

import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.util.PatchUtils;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objects of deployed services through the official client. Owned objects are found by equality label selector
 * ({@link AppRenderer#selector}); pods too (the Deployment's pod template carries the same labels). Pod events are
 * listed in the namespace and kept by the involved pod's name: field selectors on {@code involvedObject} are not
 * served everywhere, and the deployments namespace holds only Deckhand's services.
 */
@Singleton
public class KubernetesAppObjects implements AppObjects {

    private static final int MAX_REPLACE_ATTEMPTS = 3;
    /** A claim no pod uses goes as soon as the pvc-protection controller sees it (well under a second). */
    private static final Duration CLAIM_GONE_WITHIN = Duration.ofSeconds(20);
    private static final Duration CLAIM_GONE_POLL = Duration.ofMillis(100);

    private final AppsV1Api apps;
    private final CoreV1Api core;
    private final StorageV1Api storage;
    private final LeanReads reads;
    private final String namespace;

    public KubernetesAppObjects(AppsV1Api apps, CoreV1Api core, StorageV1Api storage, LeanReads reads,
                                    AppSettings settings) {
        this.apps = apps;
        this.core = core;
        this.storage = storage;
        this.reads = reads;
        this.namespace = settings.namespace();
    }

    @Override
    public List<OwnedObject> list(String id) {
        String selector = AppRenderer.selector(id);
        List<OwnedObject> owned = new ArrayList<>();
        reads.list("list volume claims of service " + id,
                () -> core.listNamespacedPersistentVolumeClaim(namespace).labelSelector(selector).buildCall(null),
                ListedAppObject.class).forEach(o -> owned.add(owned(ObjectKind.CLAIM, o)));
        reads.list("list deployments of service " + id,
                () -> apps.listNamespacedDeployment(namespace).labelSelector(selector).buildCall(null),
                ListedAppObject.class).forEach(o -> owned.add(owned(ObjectKind.DEPLOYMENT, o)));
        reads.list("list services of service " + id,
                () -> core.listNamespacedService(namespace).labelSelector(selector).buildCall(null),
                ListedAppObject.class).forEach(o -> owned.add(owned(ObjectKind.SERVICE, o)));
        return owned;
    }

    @Override
    public void create(DesiredObject object) {
        String what = "create " + object.kind().kind() + " " + object.name();
        try {
            switch (object.kind()) {
                case CLAIM -> KubernetesCalls.call(what, () -> core.createNamespacedPersistentVolumeClaim(namespace,
                        (V1PersistentVolumeClaim) object.body()).execute());
                case DEPLOYMENT -> KubernetesCalls.call(what, () -> apps.createNamespacedDeployment(namespace,
                        (V1Deployment) object.body()).execute());
                case SERVICE -> KubernetesCalls.call(what, () -> core.createNamespacedService(namespace,
                        (V1Service) object.body()).execute());
            }
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                throw new ObjectConflictException("a " + object.kind().kind() + " named " + object.name() + " already exists in namespace "
                        + namespace + " without this service's labels (not Deckhand's, or made by a deploy running at the same time); "
                        + "delete or rename it, or retry", e);
            }
            throw e;
        }
    }

    @Override
    public void replace(DesiredObject object, OwnedObject live) {
        switch (object.kind()) {
            case CLAIM -> patchClaim((V1PersistentVolumeClaim) object.body());
            case DEPLOYMENT -> replaceDeployment((V1Deployment) object.body());
            case SERVICE -> replaceService((V1Service) object.body());
        }
    }

    /**
     * A bound claim's spec is immutable but for its storage request (which only grows, where the storage class allows
     * expansion, as {@link DeployPlanner} checked): a JSON patch changes that and the hash, and leaves the binder's
     * fields alone.
     */
    private void patchClaim(V1PersistentVolumeClaim claim) {
        String name = claim.getMetadata().getName();
        String storage = claim.getSpec().getResources().getRequests().get("storage").toSuffixedString();
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/resources/requests/storage\",\"value\":\"" + storage + "\"},"
                + "{\"op\":\"add\",\"path\":\"/metadata/annotations/" + DeckhandLabels.SPEC_HASH_ANNOTATION.replace("/", "~1")
                + "\",\"value\":\"" + AppRenderer.hashOf(claim.getMetadata()) + "\"}]";
        KubernetesCalls.call("resize PersistentVolumeClaim " + name, () -> PatchUtils.patch(V1PersistentVolumeClaim.class,
                () -> core.patchNamespacedPersistentVolumeClaim(name, namespace, new V1Patch(patch)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_PATCH, core.getApiClient()));
    }

    private void replaceDeployment(V1Deployment deployment) {
        String name = deployment.getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            // The Deployment controller writes status, which moves resourceVersion: replace at the live version.
            V1Deployment live = KubernetesCalls.call("read Deployment " + name,
                    () -> apps.readNamespacedDeployment(name, namespace).execute());
            deployment.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            try {
                KubernetesCalls.call("replace Deployment " + name,
                        () -> apps.replaceNamespacedDeployment(name, namespace, deployment).execute());
                return;
            } catch (RuntimeException e) {
                if (!KubernetesCalls.hasStatus(e, 409) || attempt == MAX_REPLACE_ATTEMPTS) {
                    throw e;
                }
            } finally {
                deployment.getMetadata().setResourceVersion(null);
            }
        }
    }

    private void replaceService(V1Service service) {
        String name = service.getMetadata().getName();
        // spec.clusterIP is immutable and assigned by the server: carry the live one over.
        V1Service live = KubernetesCalls.call("read Service " + name, () -> core.readNamespacedService(name, namespace).execute());
        V1Service body = io.kubernetes.client.openapi.JSON.getGson().fromJson(
                io.kubernetes.client.openapi.JSON.getGson().toJson(service), V1Service.class);
        body.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        if (live.getSpec() != null) {
            body.getSpec().setClusterIP(live.getSpec().getClusterIP());
            body.getSpec().setClusterIPs(live.getSpec().getClusterIPs());
        }
        KubernetesCalls.call("replace Service " + name, () -> core.replaceNamespacedService(name, namespace, body).execute());
    }

    @Override
    public void recreate(DesiredObject claim, OwnedObject live) {
        // Precondition: a claim bound since the plan was made may hold data by now, and must not go.
        V1DeleteOptions unchanged = new V1DeleteOptions().preconditions(new V1Preconditions().resourceVersion(live.resourceVersion()));
        try {
            KubernetesCalls.call("delete PersistentVolumeClaim " + claim.name(), () -> core.deleteNamespacedPersistentVolumeClaim(
                    claim.name(), namespace).body(unchanged).execute());
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                throw new ObjectConflictException("PersistentVolumeClaim " + claim.name() + " changed while this deploy ran "
                        + "(bound to a volume meanwhile?) and was left alone; deploy again", e);
            }
            if (!KubernetesCalls.hasStatus(e, 404)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + CLAIM_GONE_WITHIN.toNanos();
        while (!reads.metadata("read PersistentVolumeClaim " + claim.name(), () -> core.listNamespacedPersistentVolumeClaim(namespace)
                .fieldSelector("metadata.name=" + claim.name()).buildCall(null)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new ObjectConflictException("PersistentVolumeClaim " + claim.name() + " was deleted to be recreated, but is "
                        + "still there after " + CLAIM_GONE_WITHIN.toSeconds() + " s (a finalizer holds it: does a pod use it?); "
                        + "deploy again once it is gone", null);
            }
            try {
                Thread.sleep(CLAIM_GONE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for PersistentVolumeClaim " + claim.name() + " to go", e);
            }
        }
        create(claim);
    }

    @Override
    public boolean expandable(String storageClass) {
        try {
            V1StorageClass found = KubernetesCalls.call("read StorageClass " + storageClass,
                    () -> storage.readStorageClass(storageClass).execute());
            return Boolean.TRUE.equals(found.getAllowVolumeExpansion());
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(ObjectKind kind, String name) {
        String what = "delete " + kind.kind() + " " + name;
        try {
            switch (kind) {
                case CLAIM -> KubernetesCalls.call(what, () -> core.deleteNamespacedPersistentVolumeClaim(name, namespace).execute());
                case DEPLOYMENT -> KubernetesCalls.call(what, () -> apps.deleteNamespacedDeployment(name, namespace)
                        .propagationPolicy("Background").execute());
                case SERVICE -> KubernetesCalls.call(what, () -> core.deleteNamespacedService(name, namespace).execute());
            }
        } catch (RuntimeException e) {
            if (!KubernetesCalls.hasStatus(e, 404)) {
                throw e;
            }
        }
    }

    @Override
    public Optional<V1Deployment> deployment(String id) {
        String name = AppIds.objectName(id);
        try {
            V1Deployment deployment = KubernetesCalls.call("read Deployment " + name,
                    () -> apps.readNamespacedDeployment(name, namespace).execute());
            // Only a Deployment carrying the service's labels is the service's.
            var labels = deployment.getMetadata().getLabels();
            return labels != null && id.equals(labels.get(AppRenderer.SERVICE_ID))
                    && DeckhandLabels.MANAGED_BY_VALUE.equals(labels.get(DeckhandLabels.MANAGED_BY))
                    ? Optional.of(deployment) : Optional.empty();
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<V1Deployment> deployments() {
        String selector = DeckhandLabels.MANAGED_BY + "=" + DeckhandLabels.MANAGED_BY_VALUE + "," + AppRenderer.SERVICE_ID;
        return KubernetesCalls.call("list deployments of services", () -> apps.listNamespacedDeployment(namespace)
                .labelSelector(selector).execute()).getItems().stream()
                .filter(d -> d.getMetadata().getDeletionTimestamp() == null).toList();
    }

    @Override
    public List<V1Pod> pods(String id) {
        return KubernetesCalls.call("list pods of service " + id, () -> core.listNamespacedPod(namespace)
                .labelSelector(AppRenderer.selector(id)).execute()).getItems();
    }

    @Override
    public List<V1PersistentVolumeClaim> claims(String id) {
        return KubernetesCalls.call("list volume claims of service " + id, () -> core.listNamespacedPersistentVolumeClaim(namespace)
                .labelSelector(AppRenderer.selector(id)).execute()).getItems();
    }

    @Override
    public List<CoreV1Event> podEvents(List<String> podNames) {
        if (podNames.isEmpty()) {
            return List.of();
        }
        Set<String> names = new HashSet<>(podNames);
        return KubernetesCalls.call("list events", () -> core.listNamespacedEvent(namespace).execute()).getItems().stream()
                .filter(e -> e.getInvolvedObject() != null && "Pod".equals(e.getInvolvedObject().getKind())
                        && names.contains(e.getInvolvedObject().getName()))
                .toList();
    }

    private static OwnedObject owned(ObjectKind kind, ListedAppObject listed) {
        ListedAppObject.Metadata meta = listed.metadata();
        String hash = meta.annotations() == null ? null : meta.annotations().get(DeckhandLabels.SPEC_HASH_ANNOTATION);
        OwnedObject.ClaimState claim = null;
        if (kind == ObjectKind.CLAIM) {
            ListedAppObject.Spec spec = listed.spec();
            Map<String, String> requests = spec == null || spec.resources() == null ? null : spec.resources().requests();
            claim = new OwnedObject.ClaimState(listed.status() == null ? null : listed.status().phase(),
                    spec == null ? null : spec.storageClassName(), requests == null ? null : requests.get("storage"));
        }
        return new OwnedObject(kind, meta.name(), hash, meta.resourceVersion(), meta.deletionTimestamp() != null, claim);
    }
}
