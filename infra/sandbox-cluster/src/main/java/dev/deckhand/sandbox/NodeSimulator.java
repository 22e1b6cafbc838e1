package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.InvalidImageReferenceException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Plays the kubelet and the controllers the API server alone does not have: the Deployment and Job controllers,
 * the scheduler, the PVC binder and the garbage collector, on a short tick.
 *
 * <p>Each tick it reads Nodes, Pods, Deployments, Jobs and PVCs of every namespace in-process from the API
 * server's store ({@link ClusterView}: no HTTP, no watch, never behind; the mock's watches send every object
 * again on each new watch and block its event loop when closed, which hurts with 5,000 nodes), compares them
 * with what should be, and writes only the differences, through the API server over HTTP like any controller.
 * Writes are idempotent (pod names are derived from the owner's uid and a slot, a status is replaced whole
 * through {@code /status}), so a race with a client only costs a harmless 409 or 404.
 *
 * <ul>
 *   <li>Deployment: {@code spec.replicas} pods named {@code <deployment>-<template hash>-<suffix>}, labels of the
 *       template plus {@code pod-template-hash}, owned by the Deployment (no ReplicaSet); a changed template
 *       replaces all pods at once; {@code /status} replicas, updatedReplicas, readyReplicas, availableReplicas,
 *       unavailableReplicas, observedGeneration and the Available/Progressing conditions.</li>
 *   <li>Job: pods named {@code <job>-<suffix>} with labels {@code job-name}, {@code controller-uid} (and their
 *       {@code batch.kubernetes.io/} forms), up to parallelism at a time until completions succeed; status active,
 *       ready, succeeded, failed, startTime, completionTime, conditions Complete or Failed
 *       (BackoffLimitExceeded, DeadlineExceeded).</li>
 *   <li>Scheduling: {@code spec.nodeName}, {@code nodeSelector}, required node affinity (matchExpressions and
 *       matchFields), taints and tolerations, readiness; among fitting nodes the one with fewest pods. A pod that
 *       fits nowhere stays Pending with PodScheduled=False, reason Unschedulable and the scheduler's message.</li>
 *   <li>Pods on a Ready node: Pending, then Running on the next tick with containers ready and started; their
 *       images are pulled into the node's runtime (and node status). Pods with restartPolicy Never or OnFailure
 *       run for {@link SandboxOptions#jobRunDuration()} (annotation {@value #ANNOTATION_RUN_SECONDS} overrides)
 *       and then succeed, or fail with the exit code in annotation {@value #ANNOTATION_EXIT_CODE}.</li>
 *   <li>Image pulls: registry {@code fail.invalid} (DNS error) or a tag ending in {@code missing} (not found)
 *       keep the container waiting with ErrImagePull, then ImagePullBackOff; a Job's pod that still cannot pull
 *       after {@link SandboxOptions#imagePullFailureGrace()} is marked Failed (container still waiting with
 *       ImagePullBackOff) and its Job fails with BackoffLimitExceeded. Sandbox simplification: a real Job would
 *       wait for its activeDeadlineSeconds.</li>
 *   <li>PVCs: Pending to Bound, capacity = request, {@code spec.volumeName} set (no PersistentVolume object); a
 *       claim of a WaitForFirstConsumer class ({@link StorageClasses}) once a scheduled pod mounts it; a bigger
 *       request on a Bound claim grows its capacity; a deleted claim loses its {@code kubernetes.io/pvc-protection}
 *       finalizer (and goes) once no scheduled pod mounts it.</li>
 *   <li>Garbage collection: pods controlled by a Deployment or Job that no longer exists are deleted.</li>
 * </ul>
 */
public final class NodeSimulator implements AutoCloseable {

    /** Pod (or pod template) annotation: exit code of a run-to-completion pod's containers (default 0). */
    public static final String ANNOTATION_EXIT_CODE = "sandbox.deckhand.dev/exit-code";
    /** Pod (or pod template) annotation: seconds a run-to-completion pod runs (default: the option). */
    public static final String ANNOTATION_RUN_SECONDS = "sandbox.deckhand.dev/run-seconds";

    private static final Logger LOG = LoggerFactory.getLogger(NodeSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final Duration BACKOFF_AFTER = Duration.ofSeconds(1);
    private static final String KIND_DEPLOYMENT = "Deployment";
    private static final String KIND_JOB = "Job";
    private static final int WRITER_THREADS = 4;

    private final KubernetesClient client;
    private final NodeImages images;
    private final SandboxOptions options;
    private final ClusterView view;
    private final PodEvents events;
    private final Object tickLock = new Object();
    private final AtomicLong ticks = new AtomicLong();
    private volatile boolean paused;
    private ScheduledExecutorService executor;
    private ExecutorService writers;

    NodeSimulator(KubernetesClient client, NodeImages images, SandboxOptions options, ClusterView view) {
        this.client = client;
        this.images = images;
        this.options = options;
        this.view = view;
        this.events = new PodEvents(client);
    }

    /** Starts the tick. */
    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-node-simulator");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger threads = new AtomicInteger();
        writers = Executors.newFixedThreadPool(WRITER_THREADS, r -> {
            Thread t = new Thread(r, "sandbox-node-simulator-writer-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long period = options.tick().toMillis();
        executor.scheduleWithFixedDelay(this::scheduledTick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops ticking; returns once a tick in progress has stopped (it stops after the writes in flight), so no
     * simulator write follows.
     */
    public void pause() {
        paused = true;
        synchronized (tickLock) {
            LOG.debug("node simulator paused after {} ticks", ticks.get());
        }
    }

    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    /** Whether the simulator was started (see {@link SandboxOptions#simulator()}). */
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Ticks run so far. */
    public long ticks() {
        return ticks.get();
    }

    /**
     * Runs one tick now and returns when its writes are done, even when paused or started with the simulator
     * off ({@link SandboxOptions#simulator()}): tests can step the cluster deterministically.
     */
    public void runOnce() {
        synchronized (tickLock) {
            tick(false);
        }
    }

    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        paused = true;
        executor.shutdownNow();
        writers.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
            writers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
        writers = null;
    }

    private void scheduledTick() {
        synchronized (tickLock) {
            if (paused) {
                return;
            }
            try {
                tick(true);
            } catch (RuntimeException e) {
                LOG.warn("node simulator tick failed", e);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // One tick

    /** What one tick sees and changes. Shared by the writer threads of the tick. */
    private final class Tick {
        final boolean scheduled;
        final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final Instant preciseNow = Instant.now();
        Map<String, Node> nodes;
        final ConcurrentHashMap<String, Pod> pods = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, Set<String>> podsByOwner = new ConcurrentHashMap<>();
        final Set<String> touchedThisTick = ConcurrentHashMap.newKeySet();
        final ConcurrentHashMap<String, Integer> podsPerNode = new ConcurrentHashMap<>();
        final Set<String> boundClaims = ConcurrentHashMap.newKeySet();
        /** {@code namespace/claim} of every claim a scheduled pod mounts (what the pvc-protection controller counts). */
        final Set<String> claimsInUse = ConcurrentHashMap.newKeySet();
        Map<String, StorageClass> storageClasses = Map.of();
        /** Claims by {@code namespace/name}. */
        final Map<String, PersistentVolumeClaim> claims = new ConcurrentHashMap<>();

        Tick(boolean scheduled) {
            this.scheduled = scheduled;
        }

        void put(Pod pod) {
            String key = key(pod);
            pods.put(key, pod);
            OwnerReference owner = controller(pod);
            if (owner != null && owner.getUid() != null) {
                podsByOwner.computeIfAbsent(owner.getUid(), u -> ConcurrentHashMap.newKeySet()).add(key);
            }
        }

        void remove(Pod pod) {
            String key = key(pod);
            pods.remove(key);
            OwnerReference owner = controller(pod);
            if (owner != null && owner.getUid() != null) {
                Set<String> keys = podsByOwner.get(owner.getUid());
                if (keys != null) {
                    keys.remove(key);
                }
            }
        }

        /** Pods controlled by the owner with this uid, in name order. */
        List<Pod> owned(String uid) {
            Set<String> keys = podsByOwner.get(uid);
            if (keys == null) {
                return List.of();
            }
            List<Pod> owned = new ArrayList<>();
            for (String key : new java.util.TreeSet<>(keys)) {
                Pod pod = pods.get(key);
                if (pod != null) {
                    owned.add(pod);
                }
            }
            return owned;
        }

        boolean aborted() {
            return scheduled && paused;
        }
    }

    private void tick(boolean scheduled) {
        ticks.incrementAndGet();
        Tick t = new Tick(scheduled);
        t.nodes = view.lazy("nodes", Node.class, () -> client.nodes().list().getItems());
        view.all("pods", Pod.class, () -> client.pods().inAnyNamespace().list().getItems()).values().forEach(t::put);
        List<Deployment> deployments = List.copyOf(view.all("deployments.apps", Deployment.class,
                () -> client.apps().deployments().inAnyNamespace().list().getItems()).values());
        List<Job> jobs = List.copyOf(view.all("jobs.batch", Job.class,
                () -> client.batch().v1().jobs().inAnyNamespace().list().getItems()).values());
        List<PersistentVolumeClaim> claims = List.copyOf(view.all("persistentvolumeclaims", PersistentVolumeClaim.class,
                () -> client.persistentVolumeClaims().inAnyNamespace().list().getItems()).values());
        Set<String> ownerUids = new HashSet<>();
        deployments.forEach(d -> ownerUids.add(d.getMetadata().getUid()));
        jobs.forEach(j -> ownerUids.add(j.getMetadata().getUid()));

        List<Pod> orphans = new ArrayList<>();
        for (Pod pod : t.pods.values()) {
            OwnerReference owner = controller(pod);
            if (owner != null && (KIND_DEPLOYMENT.equals(owner.getKind()) || KIND_JOB.equals(owner.getKind()))
                    && !ownerUids.contains(owner.getUid())) {
                orphans.add(pod);
            } else if (pod.getSpec() != null && pod.getSpec().getNodeName() != null && !isTerminal(pod)) {
                t.podsPerNode.merge(pod.getSpec().getNodeName(), 1, Integer::sum);
            }
        }
        each(t, "deleting orphan pod ", orphans, p -> deletePod(p, t));
        t.storageClasses = view.all(StorageClasses.RESOURCE, StorageClass.class,
                () -> client.storage().v1().storageClasses().list().getItems());
        t.pods.values().forEach(p -> claimsMountedBy(p).forEach(c -> t.claimsInUse.add(c)));
        claims.forEach(c -> t.claims.put(key(c), c));
        each(t, "syncing claim ", claims, c -> syncClaim(c, t));
        each(t, "syncing deployment ", deployments, d -> syncDeploymentPods(d, t));
        each(t, "syncing job ", jobs, j -> syncJobPods(j, t));
        each(t, "running pod ", List.copyOf(t.pods.values()), p -> runPod(key(p), t));
        each(t, "writing status of deployment ", deployments, d -> writeDeploymentStatus(d, t));
        each(t, "writing status of job ", jobs, j -> writeJobStatus(j, t));
    }

    /**
     * Runs an action for every object, on the writer threads when there are several: the API server answers
     * one request at a time, but overlapping the client side of a few requests doubles the throughput.
     */
    private <T extends HasMetadata> void each(Tick t, String what, List<T> objects, Consumer<T> action) {
        if (objects.isEmpty() || t.aborted()) {
            return;
        }
        if (objects.size() == 1 || writers == null) {
            for (T object : objects) {
                guard(t, what, object, action);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(objects.size());
        for (T object : objects) {
            futures.add(writers.submit(() -> guard(t, what, object, action)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(other -> other.cancel(true));
                return;
            } catch (ExecutionException e) {
                LOG.warn("{} failed", what, e.getCause());
            }
        }
    }

    private static <T extends HasMetadata> void guard(Tick t, String what, T object, Consumer<T> action) {
        if (t.aborted()) {
            return;
        }
        try {
            action.accept(object);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                LOG.debug("{}{}: {} (a client raced the simulator; the next tick converges)", what, key(object),
                        e.getMessage());
            } else if (!Thread.currentThread().isInterrupted()) {
                LOG.warn("{}{} failed: {}", what, key(object), e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("{}{} failed", what, key(object), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // PVCs

    private void syncClaim(PersistentVolumeClaim claim, Tick t) {
        if (claim.getMetadata().getDeletionTimestamp() != null) {
            releaseClaim(claim, t);
            return;
        }
        PersistentVolumeClaimStatus current = claim.getStatus();
        if (current != null && "Bound".equals(current.getPhase())) {
            t.boundClaims.add(key(claim));
            expandClaim(claim, current);
            return;
        }
        if (waitsForFirstConsumer(claim, t) && !t.claimsInUse.contains(key(claim))) {
            return;
        }
        bindClaim(claim, current, t);
    }

    /**
     * The scheduler's volume binding before it binds a pod to a node: the pod's claims that wait for their first
     * consumer are bound first, so a scheduled pod never mounts a claim that is still Pending.
     */
    private void bindClaimsOf(String namespace, PodSpec spec, Tick t) {
        if (spec.getVolumes() == null) {
            return;
        }
        for (Volume volume : spec.getVolumes()) {
            if (volume.getPersistentVolumeClaim() == null) {
                continue;
            }
            String key = namespace + "/" + volume.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim claim = t.claims.get(key);
            if (claim != null && claim.getMetadata().getDeletionTimestamp() == null && !t.boundClaims.contains(key)) {
                bindClaim(claim, claim.getStatus(), t);
            }
        }
    }

    /** Scheduled pods that mount the claims, as {@code namespace/claim}; none for a pod not yet scheduled. */
    private static List<String> claimsMountedBy(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getVolumes() == null) {
            return List.of();
        }
        return pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> pod.getMetadata().getNamespace() + "/" + v.getPersistentVolumeClaim().getClaimName()).toList();
    }

    /**
     * The claim's class binds on first consumer. Claims that name no class or an unknown one bind at once (the
     * sandbox's own objects, e.g. the demo tenants' claims, are made without the default class a client's get).
     */
    private static boolean waitsForFirstConsumer(PersistentVolumeClaim claim, Tick t) {
        String className = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        StorageClass storageClass = className == null ? null : t.storageClasses.get(className);
        return storageClass != null && StorageClasses.WAIT_FOR_FIRST_CONSUMER.equals(storageClass.getVolumeBindingMode());
    }

    private void bindClaim(PersistentVolumeClaim claim, PersistentVolumeClaimStatus current, Tick t) {
        String ns = claim.getMetadata().getNamespace();
        String name = claim.getMetadata().getName();
        Quantity storage = requestedStorage(claim);
        if (claim.getSpec() == null || claim.getSpec().getVolumeName() == null) {
            String volume = "pvc-" + claim.getMetadata().getUid();
            String patch = "{\"metadata\":{\"annotations\":{\"pv.kubernetes.io/bind-completed\":\"yes\","
                    + "\"pv.kubernetes.io/bound-by-controller\":\"yes\"}},\"spec\":{\"volumeName\":\"" + volume + "\"}}";
            client.persistentVolumeClaims().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        }
        PersistentVolumeClaimStatusBuilder status = new PersistentVolumeClaimStatusBuilder().withPhase("Bound")
                .withAccessModes(claim.getSpec() == null ? List.of() : claim.getSpec().getAccessModes());
        if (storage != null) {
            status.addToCapacity("storage", storage);
        }
        patchStatus(client.persistentVolumeClaims().inNamespace(ns).withName(name), current, status.build());
        t.boundClaims.add(key(claim));
    }

    /** A bigger request on a Bound claim (the API server let it through): the volume and its file system grow. */
    private void expandClaim(PersistentVolumeClaim claim, PersistentVolumeClaimStatus current) {
        Quantity requested = requestedStorage(claim);
        Quantity capacity = current.getCapacity() == null ? null : current.getCapacity().get("storage");
        if (requested == null || (capacity != null
                && requested.getNumericalAmount().compareTo(capacity.getNumericalAmount()) <= 0)) {
            return;
        }
        PersistentVolumeClaimStatus next = Serialization.clone(current);
        Map<String, Quantity> grown = new LinkedHashMap<>(current.getCapacity() == null ? Map.of() : current.getCapacity());
        grown.put("storage", requested);
        next.setCapacity(grown);
        patchStatus(client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName()), current, next);
    }

    /**
     * The pvc-protection controller's part: a deleted claim keeps {@value ClaimAdmission#PROTECTION_FINALIZER} (and
     * lingers with its deletionTimestamp) while a scheduled pod mounts it; then the finalizer goes, and the API server
     * removes the claim.
     */
    private void releaseClaim(PersistentVolumeClaim claim, Tick t) {
        List<String> finalizers = claim.getMetadata().getFinalizers();
        if (finalizers == null || !finalizers.contains(ClaimAdmission.PROTECTION_FINALIZER)
                || t.claimsInUse.contains(key(claim))) {
            return;
        }
        List<String> rest = finalizers.stream().filter(f -> !ClaimAdmission.PROTECTION_FINALIZER.equals(f)).toList();
        client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON), replaceAt("/metadata/finalizers", Serialization.asJson(rest)));
    }

    private static Quantity requestedStorage(PersistentVolumeClaim claim) {
        return claim.getSpec() == null || claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null
                ? null : claim.getSpec().getResources().getRequests().get("storage");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Deployments

    private void syncDeploymentPods(Deployment deployment, Tick t) {
        if (deployment.getMetadata().getDeletionTimestamp() != null || deployment.getSpec() == null) {
            return;
        }
        String uid = deployment.getMetadata().getUid();
        String hash = templateHash(deployment.getSpec().getTemplate());
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        String base = truncate(deployment.getMetadata().getName() + "-" + hash, 57);
        Set<String> wanted = new HashSet<>();
        for (int slot = 0; slot < replicas; slot++) {
            wanted.add(base + "-" + nameHash(uid + "/" + hash + "/" + slot, 5));
        }
        for (Pod pod : t.owned(uid)) {
            if (!wanted.contains(pod.getMetadata().getName())) {
                deletePod(pod, t);
            }
        }
        String ns = deployment.getMetadata().getNamespace();
        for (String name : wanted) {
            if (!t.pods.containsKey(ns + "/" + name)) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("pod-template-hash", hash);
                createPod(deployment, name, deployment.getSpec().getTemplate(), labels, Map.of(), "Always", t);
            }
        }
    }

    private void writeDeploymentStatus(Deployment deployment, Tick t) {
        if (deployment.getMetadata().getDeletionTimestamp() != null || deployment.getSpec() == null) {
            return;
        }
        String hash = templateHash(deployment.getSpec().getTemplate());
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int replicas = 0;
        int updated = 0;
        int ready = 0;
        for (Pod pod : t.owned(deployment.getMetadata().getUid())) {
            if (isTerminal(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            replicas++;
            if (pod.getMetadata().getLabels() != null && hash.equals(pod.getMetadata().getLabels().get("pod-template-hash"))) {
                updated++;
            }
            if (isReady(pod)) {
                ready++;
            }
        }
        DeploymentStatus current = deployment.getStatus();
        DeploymentStatus next = current == null ? new DeploymentStatus() : Serialization.clone(current);
        next.setObservedGeneration(deployment.getMetadata().getGeneration());
        next.setReplicas(zeroToNull(replicas));
        next.setUpdatedReplicas(zeroToNull(updated));
        next.setReadyReplicas(zeroToNull(ready));
        next.setAvailableReplicas(zeroToNull(ready));
        next.setUnavailableReplicas(zeroToNull(Math.max(0, desired - ready)));
        String rsName = deployment.getMetadata().getName() + "-" + hash;
        List<DeploymentCondition> previous = current == null || current.getConditions() == null ? List.of() : current.getConditions();
        List<DeploymentCondition> conditions = new ArrayList<>();
        conditions.add(ready >= desired
                ? deploymentCondition(previous, "Available", "True", "MinimumReplicasAvailable",
                "Deployment has minimum availability.", t)
                : deploymentCondition(previous, "Available", "False", "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.", t));
        conditions.add(updated == desired && ready >= desired && replicas == desired
                ? deploymentCondition(previous, "Progressing", "True", "NewReplicaSetAvailable",
                "ReplicaSet \"" + rsName + "\" has successfully progressed.", t)
                : deploymentCondition(previous, "Progressing", "True", "ReplicaSetUpdated",
                "ReplicaSet \"" + rsName + "\" is progressing.", t));
        next.setConditions(conditions);
        patchStatus(client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .withName(deployment.getMetadata().getName()), current, next);
    }

    private static DeploymentCondition deploymentCondition(List<DeploymentCondition> previous, String type,
                                                           String status, String reason, String message, Tick t) {
        for (DeploymentCondition c : previous) {
            if (type.equals(c.getType()) && status.equals(c.getStatus()) && reason.equals(c.getReason())
                    && message.equals(c.getMessage())) {
                return c;
            }
        }
        String transition = t.now.toString();
        for (DeploymentCondition c : previous) {
            if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                transition = c.getLastTransitionTime();
            }
        }
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(t.now.toString()).withLastTransitionTime(transition).build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Jobs

    private void syncJobPods(Job job, Tick t) {
        if (job.getMetadata().getDeletionTimestamp() != null || job.getSpec() == null || finished(job)
                || Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            return;
        }
        List<Pod> owned = t.owned(job.getMetadata().getUid());
        int succeeded = 0;
        int failed = 0;
        int active = 0;
        boolean pullFailed = false;
        for (Pod pod : owned) {
            String phase = phase(pod);
            if ("Succeeded".equals(phase)) {
                succeeded++;
            } else if ("Failed".equals(phase)) {
                failed++;
                pullFailed |= imagePullFailed(pod);
            } else {
                active++;
            }
        }
        int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        if (pullFailed || failed > backoffLimit || deadlineExceeded(job, t)) {
            return;
        }
        int want = Math.min(parallelism, completions - succeeded) - active;
        String uid = job.getMetadata().getUid();
        String base = truncate(job.getMetadata().getName(), 57);
        for (int k = 0; k < want; k++) {
            int index = owned.size() + k;
            String name = base + "-" + nameHash(uid + "/" + index, 5);
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("batch.kubernetes.io/controller-uid", uid);
            labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
            labels.put("controller-uid", uid);
            labels.put("job-name", job.getMetadata().getName());
            Map<String, String> annotations = new LinkedHashMap<>();
            if ("Indexed".equals(job.getSpec().getCompletionMode())) {
                annotations.put("batch.kubernetes.io/job-completion-index", String.valueOf(succeeded + k));
                labels.put("batch.kubernetes.io/job-completion-index", String.valueOf(succeeded + k));
            }
            createPod(job, name, job.getSpec().getTemplate(), labels, annotations, "Never", t);
        }
    }

    private void writeJobStatus(Job job, Tick t) {
        if (job.getMetadata().getDeletionTimestamp() != null || job.getSpec() == null || finished(job)) {
            return;
        }
        JobStatus current = job.getStatus();
        JobStatus next = current == null ? new JobStatus() : Serialization.clone(current);
        if (next.getStartTime() == null && !Boolean.TRUE.equals(job.getSpec().getSuspend())) {
            next.setStartTime(t.now.toString());
        }
        List<Pod> owned = t.owned(job.getMetadata().getUid());
        int succeeded = 0;
        int failed = 0;
        int ready = 0;
        boolean pullFailed = false;
        List<Pod> active = new ArrayList<>();
        for (Pod pod : owned) {
            String phase = phase(pod);
            if ("Succeeded".equals(phase)) {
                succeeded++;
            } else if ("Failed".equals(phase)) {
                failed++;
                pullFailed |= imagePullFailed(pod);
            } else {
                active.add(pod);
                if (isReady(pod)) {
                    ready++;
                }
            }
        }
        int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        List<JobCondition> conditions = new ArrayList<>(current == null || current.getConditions() == null
                ? List.of() : current.getConditions());
        String failReason = null;
        String failMessage = null;
        if (succeeded >= completions) {
            conditions.add(jobCondition("Complete", null, null, t));
            next.setCompletionTime(t.now.toString());
        } else if (pullFailed || failed > backoffLimit) {
            failReason = "BackoffLimitExceeded";
            failMessage = "Job has reached the specified backoff limit";
        } else if (deadlineExceeded(job, t)) {
            failReason = "DeadlineExceeded";
            failMessage = "Job was active longer than specified deadline";
        }
        if (failReason != null) {
            for (Pod pod : active) {
                failPod(pod, failReason, t);
            }
            failed += active.size();
            active = List.of();
            ready = 0;
            conditions.add(jobCondition("Failed", failReason, failMessage, t));
        }
        next.setActive(zeroToNull(active.size()));
        next.setReady(ready);
        next.setSucceeded(zeroToNull(succeeded));
        next.setFailed(zeroToNull(failed));
        next.setConditions(conditions);
        if (next.getUncountedTerminatedPods() == null) {
            next.setUncountedTerminatedPods(new UncountedTerminatedPods());
        }
        patchStatus(client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName()), current, next);
    }

    private boolean deadlineExceeded(Job job, Tick t) {
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        if (deadline == null || job.getStatus() == null || job.getStatus().getStartTime() == null) {
            return false;
        }
        return !t.preciseNow.isBefore(Instant.parse(job.getStatus().getStartTime()).plusSeconds(deadline));
    }

    private static boolean finished(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return false;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }

    private static JobCondition jobCondition(String type, String reason, String message, Tick t) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(t.now.toString()).withLastTransitionTime(t.now.toString()).build();
    }

    private void failPod(Pod pod, String reason, Tick t) {
        PodStatus next = pod.getStatus() == null ? new PodStatus() : Serialization.clone(pod.getStatus());
        next.setPhase("Failed");
        next.setReason(reason);
        next.setMessage("DeadlineExceeded".equals(reason)
                ? "Pod was active on the node longer than the specified deadline"
                : "Pod was terminated because its Job failed");
        writePodStatus(pod, next, t);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Pods

    private void createPod(HasMetadata owner, String name, PodTemplateSpec template, Map<String, String> extraLabels,
                           Map<String, String> extraAnnotations, String defaultRestartPolicy, Tick t) {
        String ns = owner.getMetadata().getNamespace();
        PodSpec spec = template == null || template.getSpec() == null ? new PodSpec() : Serialization.clone(template.getSpec());
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy(defaultRestartPolicy);
        }
        if (spec.getSchedulerName() == null) {
            spec.setSchedulerName("default-scheduler");
        }
        if (spec.getDnsPolicy() == null) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        if (spec.getServiceAccountName() == null) {
            spec.setServiceAccountName("default");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template != null && template.getMetadata() != null) {
            if (template.getMetadata().getLabels() != null) {
                labels.putAll(template.getMetadata().getLabels());
            }
            if (template.getMetadata().getAnnotations() != null) {
                annotations.putAll(template.getMetadata().getAnnotations());
            }
        }
        labels.putAll(extraLabels);
        annotations.putAll(extraAnnotations);
        PodStatus status = new PodStatus();
        status.setPhase("Pending");
        status.setQosClass(qosClass(spec));
        boolean schedulerPicksNode = spec.getNodeName() == null;
        if (spec.getNodeName() == null) {
            Scheduling.Decision decision = Scheduling.schedule(spec, t.nodes, t.podsPerNode);
            if (decision.node() != null) {
                bindClaimsOf(ns, spec, t);
                spec.setNodeName(decision.node());
                t.podsPerNode.merge(decision.node(), 1, Integer::sum);
                status.setConditions(List.of(podCondition(List.of(), "PodScheduled", "True", null, null, t)));
            } else {
                status.setConditions(List.of(podCondition(List.of(), "PodScheduled", "False", "Unschedulable",
                        decision.message(), t)));
            }
        } else {
            t.podsPerNode.merge(spec.getNodeName(), 1, Integer::sum);
            status.setConditions(List.of(podCondition(List.of(), "PodScheduled", "True", null, null, t)));
        }
        OwnerReference ref = new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion() != null ? owner.getApiVersion()
                        : owner instanceof Job ? "batch/v1" : "apps/v1")
                .withKind(owner instanceof Job ? KIND_JOB : KIND_DEPLOYMENT)
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations)
                .withOwnerReferences(ref)
                .endMetadata()
                .withSpec(spec)
                .withStatus(status)
                .build();
        try {
            Pod created = client.pods().inNamespace(ns).resource(pod).create();
            t.put(created);
            if (schedulerPicksNode && spec.getNodeName() != null) {
                events.scheduled(created, spec.getNodeName(), t.now);
            }
            t.touchedThisTick.add(key(created));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private void deletePod(Pod pod, Tick t) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        t.remove(pod);
        if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
            t.podsPerNode.computeIfPresent(pod.getSpec().getNodeName(), (k, v) -> v > 1 ? v - 1 : null);
        }
    }

    private void runPod(String podKey, Tick t) {
        Pod pod = t.pods.get(podKey);
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || isTerminal(pod)
                || t.touchedThisTick.contains(podKey) || pod.getSpec() == null) {
            return;
        }
        List<PodCondition> previous = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName == null) {
            Scheduling.Decision decision = Scheduling.schedule(pod.getSpec(), t.nodes, t.podsPerNode);
            PodStatus next = pod.getStatus() == null ? new PodStatus() : Serialization.clone(pod.getStatus());
            next.setPhase("Pending");
            if (decision.node() == null) {
                next.setConditions(List.of(podCondition(previous, "PodScheduled", "False", "Unschedulable",
                        decision.message(), t)));
                writePodStatus(pod, next, t);
                return;
            }
            bindClaimsOf(pod.getMetadata().getNamespace(), pod.getSpec(), t);
            Pod bound = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"nodeName\":\"" + decision.node() + "\"}}");
            t.podsPerNode.merge(decision.node(), 1, Integer::sum);
            t.put(bound);
            events.scheduled(bound, decision.node(), t.now);
            next.setConditions(List.of(podCondition(previous, "PodScheduled", "True", null, null, t)));
            writePodStatus(bound, next, t);
            t.touchedThisTick.add(podKey);
            return;
        }
        Node node = t.nodes.get(nodeName);
        if (node == null || !Scheduling.isReady(node)) {
            return; // no kubelet posts for this node: the pod stays as it is
        }
        if (!claimsBound(pod, t)) {
            return;
        }
        String phase = phase(pod);
        if ("Pending".equals(phase)) {
            startPod(pod, node, previous, t);
        } else if ("Running".equals(phase)) {
            finishPodIfDone(pod, t);
        }
    }

    private boolean claimsBound(Pod pod, Tick t) {
        if (pod.getSpec().getVolumes() == null) {
            return true;
        }
        for (Volume volume : pod.getSpec().getVolumes()) {
            if (volume.getPersistentVolumeClaim() != null
                    && !t.boundClaims.contains(pod.getMetadata().getNamespace() + "/"
                    + volume.getPersistentVolumeClaim().getClaimName())) {
                return false;
            }
        }
        return true;
    }

    /** Outcome of pulling one container's image on a node. */
    private record Pull(String imageId, String reason, String message) {
        boolean ok() {
            return reason == null;
        }
    }

    private Map<String, Pull> pullImages(Pod pod, String nodeName) {
        List<Container> containers = allContainers(pod.getSpec());
        return images.update(nodeName, store -> {
            Map<String, Pull> result = new LinkedHashMap<>();
            for (Container c : containers) {
                String image = c.getImage() == null ? "" : c.getImage();
                Images.Normalized n;
                try {
                    n = Images.normalize(image);
                } catch (InvalidImageReferenceException e) {
                    result.put(c.getName(), new Pull(null, "InvalidImageName",
                            "Failed to apply default image tag \"" + image + "\": couldn't parse image name \""
                                    + image + "\": invalid reference format"));
                    continue;
                }
                Optional<Images.PullFailure> failure = Images.pullFailure(n);
                if (failure.isPresent()) {
                    String code = failure.get().notFound() ? "NotFound" : "Unknown";
                    result.put(c.getName(), new Pull(null, "ErrImagePull", "failed to pull image \"" + image
                            + "\": rpc error: code = " + code + " desc = " + failure.get().message()));
                    continue;
                }
                AgentImage pulled = store.add(n);
                result.put(c.getName(), new Pull(pulled.repoDigests().isEmpty() ? pulled.id()
                        : pulled.repoDigests().get(0), null, null));
            }
            return result;
        });
    }

    private void startPod(Pod pod, Node node, List<PodCondition> previous, Tick t) {
        Map<String, Pull> pulls = pullImages(pod, node.getMetadata().getName());
        PodStatus current = pod.getStatus();
        PodStatus next = current == null ? new PodStatus() : Serialization.clone(current);
        String startTime = next.getStartTime() != null ? next.getStartTime() : t.now.toString();
        next.setStartTime(startTime);
        String hostIp = hostIp(node);
        String podIp = podIp(node, pod);
        next.setHostIP(hostIp);
        next.setHostIPs(List.of(new io.fabric8.kubernetes.api.model.HostIP(hostIp)));
        next.setPodIP(podIp);
        next.setPodIPs(List.of(new io.fabric8.kubernetes.api.model.PodIP(podIp)));
        next.setQosClass(qosClass(pod.getSpec()));

        boolean allPulled = pulls.values().stream().allMatch(Pull::ok);
        Duration waiting = Duration.between(Instant.parse(startTime), t.preciseNow);
        boolean backoff = waiting.compareTo(BACKOFF_AFTER) >= 0;
        boolean giveUp = !allPulled && isControlledBy(pod, KIND_JOB)
                && waiting.compareTo(options.imagePullFailureGrace()) >= 0;

        List<ContainerStatus> initStatuses = new ArrayList<>();
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        for (Container c : inits) {
            Pull pull = pulls.get(c.getName());
            initStatuses.add(pull.ok()
                    ? containerStatus(pod, c, pull, terminated(pod, c, 0, "Completed", startTime, t.now.toString()), false, false)
                    : waitingStatus(pod, c, pull, backoff));
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers() == null ? List.<Container>of() : pod.getSpec().getContainers()) {
            Pull pull = pulls.get(c.getName());
            statuses.add(pull.ok() && allPulled
                    ? containerStatus(pod, c, pull, running(runningSince(current, c.getName(), t)), true, true)
                    : pull.ok()
                    ? containerStatus(pod, c, pull, new ContainerStateBuilder().withNewWaiting()
                    .withReason("ContainerCreating").endWaiting().build(), false, false)
                    : waitingStatus(pod, c, pull, backoff));
        }
        next.setInitContainerStatuses(initStatuses.isEmpty() ? null : initStatuses);
        next.setContainerStatuses(statuses);

        List<String> notReady = new ArrayList<>();
        for (ContainerStatus s : statuses) {
            if (!Boolean.TRUE.equals(s.getReady())) {
                notReady.add(s.getName());
            }
        }
        String notReadyMessage = "containers with unready status: [" + String.join(" ", notReady) + "]";
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(podCondition(previous, "PodReadyToStartContainers", "True", null, null, t));
        conditions.add(podCondition(previous, "Initialized", "True", null, null, t));
        conditions.add(notReady.isEmpty()
                ? podCondition(previous, "Ready", "True", null, null, t)
                : podCondition(previous, "Ready", "False", "ContainersNotReady", notReadyMessage, t));
        conditions.add(notReady.isEmpty()
                ? podCondition(previous, "ContainersReady", "True", null, null, t)
                : podCondition(previous, "ContainersReady", "False", "ContainersNotReady", notReadyMessage, t));
        conditions.add(podCondition(previous, "PodScheduled", "True", null, null, t));
        next.setConditions(conditions);
        next.setPhase(allPulled ? "Running" : giveUp ? "Failed" : "Pending");
        if (giveUp) {
            next.setReason(null);
            next.setMessage(null);
        }
        writePodStatus(pod, next, t);
        events.startAttempt(pod, pullFailures(pulls), allPulled, t.now);
    }

    private static Map<String, String> pullFailures(Map<String, Pull> pulls) {
        Map<String, String> failures = new LinkedHashMap<>();
        pulls.forEach((container, pull) -> failures.put(container, pull.ok() ? null : pull.message()));
        return failures;
    }

    private void finishPodIfDone(Pod pod, Tick t) {
        String restart = pod.getSpec().getRestartPolicy();
        if (restart == null || "Always".equals(restart)) {
            return;
        }
        Duration runFor = options.jobRunDuration();
        String runSeconds = annotation(pod, ANNOTATION_RUN_SECONDS);
        if (runSeconds != null) {
            try {
                runFor = Duration.ofMillis((long) (Double.parseDouble(runSeconds) * 1000));
            } catch (NumberFormatException e) {
                LOG.debug("pod {}: ignoring annotation {}={}", key(pod), ANNOTATION_RUN_SECONDS, runSeconds);
            }
        }
        String since = earliestRunningSince(pod);
        if (since == null || t.preciseNow.isBefore(Instant.parse(since).plus(runFor))) {
            return;
        }
        int exitCode = 0;
        String exit = annotation(pod, ANNOTATION_EXIT_CODE);
        if (exit != null) {
            try {
                exitCode = Integer.parseInt(exit.trim());
            } catch (NumberFormatException e) {
                LOG.debug("pod {}: ignoring annotation {}={}", key(pod), ANNOTATION_EXIT_CODE, exit);
            }
        }
        PodStatus next = Serialization.clone(pod.getStatus());
        List<ContainerStatus> statuses = new ArrayList<>();
        for (ContainerStatus s : next.getContainerStatuses() == null ? List.<ContainerStatus>of() : next.getContainerStatuses()) {
            String started = s.getState() != null && s.getState().getRunning() != null
                    ? s.getState().getRunning().getStartedAt() : since;
            ContainerStatus copy = Serialization.clone(s);
            copy.setState(terminated(pod, null, exitCode, exitCode == 0 ? "Completed" : "Error", started, t.now.toString()));
            copy.setReady(false);
            copy.setStarted(false);
            statuses.add(copy);
        }
        next.setContainerStatuses(statuses);
        next.setPhase(exitCode == 0 ? "Succeeded" : "Failed");
        List<PodCondition> previous = next.getConditions() == null ? List.of() : next.getConditions();
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(podCondition(previous, "PodReadyToStartContainers", "False", null, null, t));
        conditions.add(podCondition(previous, "Initialized", "True", "PodCompleted", null, t));
        conditions.add(podCondition(previous, "Ready", "False", "PodCompleted", null, t));
        conditions.add(podCondition(previous, "ContainersReady", "False", "PodCompleted", null, t));
        conditions.add(podCondition(previous, "PodScheduled", "True", null, null, t));
        next.setConditions(conditions);
        writePodStatus(pod, next, t);
    }

    private void writePodStatus(Pod pod, PodStatus next, Tick t) {
        Pod written = patchStatus(client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()), pod.getStatus(), next);
        if (written != null) {
            t.put(written);
        }
    }

    private ContainerStatus waitingStatus(Pod pod, Container c, Pull pull, boolean backoff) {
        String reason = pull.reason();
        String message = pull.message();
        if ("ErrImagePull".equals(reason) && backoff) {
            reason = "ImagePullBackOff";
            message = "Back-off pulling image \"" + c.getImage() + "\": ErrImagePull: " + pull.message();
        }
        return new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID("")
                .withReady(false)
                .withStarted(false)
                .withRestartCount(0)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message)
                        .endWaiting().build())
                .build();
    }

    private ContainerStatus containerStatus(Pod pod, Container c, Pull pull, ContainerState state, boolean ready,
                                            boolean started) {
        return new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID(pull.imageId())
                .withContainerID(containerId(pod, c.getName()))
                .withReady(ready)
                .withStarted(started)
                .withRestartCount(0)
                .withState(state)
                .build();
    }

    private static ContainerState running(String since) {
        return new ContainerStateBuilder().withNewRunning().withStartedAt(since).endRunning().build();
    }

    private static ContainerState terminated(Pod pod, Container c, int exitCode, String reason, String started,
                                             String finished) {
        return new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withStartedAt(started)
                .withFinishedAt(finished)
                .withContainerID(c == null ? null : containerId(pod, c.getName()))
                .endTerminated().build();
    }

    private static String runningSince(PodStatus current, String container, Tick t) {
        if (current != null && current.getContainerStatuses() != null) {
            for (ContainerStatus s : current.getContainerStatuses()) {
                if (container.equals(s.getName()) && s.getState() != null && s.getState().getRunning() != null) {
                    return s.getState().getRunning().getStartedAt();
                }
            }
        }
        return t.now.toString();
    }

    private static String earliestRunningSince(Pod pod) {
        String earliest = null;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
                if (s.getState() != null && s.getState().getRunning() != null
                        && s.getState().getRunning().getStartedAt() != null) {
                    String at = s.getState().getRunning().getStartedAt();
                    if (earliest == null || Instant.parse(at).isBefore(Instant.parse(earliest))) {
                        earliest = at;
                    }
                }
            }
        }
        return earliest != null ? earliest : pod.getStatus() == null ? null : pod.getStatus().getStartTime();
    }

    private static PodCondition podCondition(List<PodCondition> previous, String type, String status, String reason,
                                             String message, Tick t) {
        for (PodCondition c : previous) {
            if (type.equals(c.getType()) && status.equals(c.getStatus()) && Objects.equals(reason, c.getReason())
                    && Objects.equals(message, c.getMessage())) {
                return c;
            }
        }
        String transition = t.now.toString();
        for (PodCondition c : previous) {
            if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                transition = c.getLastTransitionTime();
            }
        }
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastProbeTime(null).withLastTransitionTime(transition).build();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    /**
     * Replaces a status through {@code /status} if it differs from the current one. A JSON patch
     * ({@code add /status}) rather than a JSON merge patch: the mock applies merge patches with Jackson's
     * {@code readerForUpdating}, which appends to arrays instead of replacing them (conditions, containerStatuses).
     *
     * @return the written object, or null when nothing was written
     */
    static <T extends HasMetadata> T patchStatus(
            io.fabric8.kubernetes.client.dsl.Resource<T> resource, Object current, Object next) {
        String nextJson = Serialization.asJson(next);
        if (current != null && nextJson.equals(Serialization.asJson(current))) {
            return null;
        }
        return resource.subresource("status").patch(PatchContext.of(PatchType.JSON), replaceAt("/status", nextJson));
    }

    /** A JSON patch document that sets the member at {@code path} to the given JSON value. */
    static String replaceAt(String path, String valueJson) {
        try {
            ObjectNode op = JSON.createObjectNode();
            op.put("op", "add");
            op.put("path", path);
            op.set("value", JSON.readTree(valueJson));
            return JSON.createArrayNode().add(op).toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OwnerReference controller(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference ref : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(ref.getController())) {
                return ref;
            }
        }
        return null;
    }

    private static boolean isControlledBy(Pod pod, String kind) {
        OwnerReference owner = controller(pod);
        return owner != null && kind.equals(owner.getKind());
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
    }

    private static boolean isTerminal(Pod pod) {
        String phase = phase(pod);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static boolean isReady(Pod pod) {
        if (!"Running".equals(phase(pod)) || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static boolean imagePullFailed(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            if (s.getState() != null && s.getState().getWaiting() != null) {
                String reason = s.getState().getWaiting().getReason();
                if ("ErrImagePull".equals(reason) || "ImagePullBackOff".equals(reason)
                        || "InvalidImageName".equals(reason)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Container> allContainers(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        return all;
    }

    private static String qosClass(PodSpec spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : allContainers(spec)) {
            ResourceRequirements r = c.getResources();
            Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
            Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
            if (!requests.isEmpty() || !limits.isEmpty()) {
                any = true;
            }
            for (String resource : List.of("cpu", "memory")) {
                Quantity limit = limits.get(resource);
                Quantity request = requests.getOrDefault(resource, limit);
                if (limit == null || !limit.equals(request)) {
                    guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static String hostIp(Node node) {
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress a : node.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType())) {
                    return a.getAddress();
                }
            }
        }
        return "10.0.0.1";
    }

    private static String podIp(Node node, Pod pod) {
        String cidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        String prefix = "10.244.0.";
        if (cidr != null && cidr.endsWith(".0/24")) {
            prefix = cidr.substring(0, cidr.length() - "0/24".length());
        }
        int host = 2 + Integer.parseInt(Images.sha256Hex("pod-ip:" + pod.getMetadata().getUid()).substring(0, 6), 16) % 250;
        return prefix + host;
    }

    private static String containerId(Pod pod, String container) {
        return "containerd://" + Images.sha256Hex("container:" + pod.getMetadata().getUid() + "/" + container);
    }

    private static String annotation(Pod pod, String name) {
        return pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(name);
    }

    static String templateHash(PodTemplateSpec template) {
        return nameHash(template == null ? "" : Serialization.asJson(template), 10);
    }

    /** {@code length} characters of the alphabet Kubernetes uses for generated name suffixes. */
    static String nameHash(String input, int length) {
        String hex = Images.sha256Hex(input);
        StringBuilder out = new StringBuilder();
        for (int i = 0; out.length() < length; i += 2) {
            out.append(NAME_ALPHABET.charAt(Integer.parseInt(hex.substring(i, i + 2), 16) % NAME_ALPHABET.length()));
        }
        return out.toString();
    }

    private static String truncate(String s, int max) {
        String cut = s.length() <= max ? s : s.substring(0, max);
        while (cut.endsWith("-") || cut.endsWith(".")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    private static Integer zeroToNull(int value) {
        return value == 0 ? null : value;
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }
}
