package dev.deckhand.services;

import dev.deckhand.cluster.ListSource;
import dev.deckhand.agent.api.ImageReference;
import dev.deckhand.agent.api.InvalidImageReferenceException;
import dev.deckhand.cluster.ClusterRequestException;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Seed 001's services: read them (with their status from the live pods) and start new ones. A detached service is
 * a Deployment and a Service that both carry what Deckhand stored about it, so the reconciler keeps it running; a
 * run to completion is a Job, waited for within {@code deckhand.services.run-timeout}.
 */
@Singleton
public class ServicesService {

    /** Newest first; ties (same millisecond) by id so the answer is stable. */
    private static final Comparator<ServiceView> NEWEST_FIRST =
            Comparator.comparing((ServiceView v) -> createdAt(v)).thenComparing(ServiceView::id).reversed();

    private final ServiceObjects objects;
    private final NodePorts nodePorts;
    private final ServicesSettings settings;
    private final Clock clock;

    public ServicesService(ServiceObjects objects, NodePorts nodePorts, ServicesSettings settings) {
        this(objects, nodePorts, settings, Clock.systemUTC());
    }

    ServicesService(ServiceObjects objects, NodePorts nodePorts, ServicesSettings settings, Clock clock) {
        this.objects = objects;
        this.nodePorts = nodePorts;
        this.settings = settings;
        this.clock = clock;
    }

    /** Every service, oldest first; none is a {@link ServiceNotFoundException} (the seed answers 404). */
    public List<ServiceView> list() {
        List<ServiceView> all = views();
        if (all.isEmpty()) {
            throw new ServiceNotFoundException("no services");
        }
        List<ServiceView> oldestFirst = new ArrayList<>(all);
        oldestFirst.sort(NEWEST_FIRST.reversed());
        return oldestFirst;
    }

    public ServiceView byId(String id) {
        return views().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new ServiceNotFoundException("no service with id " + id));
    }

    public ServiceView byName(String name) {
        return views().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new ServiceNotFoundException("no service named " + name));
    }

    /** The most recently created service, or the most recent with exactly this image reference. */
    public ServiceView latest(String image) {
        return views().stream().filter(v -> image == null || v.image().equals(image)).min(NEWEST_FIRST)
                .orElseThrow(() -> new ServiceNotFoundException(image == null ? "no services" : "no service with image " + image));
    }

    /** ISO-8601 text does not sort as time ({@code 12:00:00Z} after {@code 12:00:00.120Z}); an unreadable one sorts first. */
    private static Instant createdAt(ServiceView view) {
        try {
            return Instant.parse(view.created());
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    /** Starts a detached service: its Service (which stores it), then its Deployment. */
    public StoredService create(NewService request) {
        StoredService service = stored(request);
        if (!request.detached()) {
            throw new IllegalArgumentException("a run to completion is started with run()");
        }
        String namespace = settings.namespace();
        Integer nodePort = request.publish() == null ? null : request.publish().nodePort();
        if (nodePort != null) {
            // A real API server refuses a taken node port with a 422 that does not say who holds it.
            Optional<NodePortTakenException> taken = nodePorts.holders().taken(Set.of(nodePort), null);
            if (taken.isPresent()) {
                throw taken.get();
            }
        }
        try {
            objects.create(ServiceManifests.service(service, namespace));
        } catch (ClusterRequestException e) {
            if (e.status() == 422 && request.publish() != null && request.publish().nodePort() != null) {
                throw new BadServiceRequestException("node port " + request.publish().nodePort() + " is not available: " + e.getMessage());
            }
            throw e;
        }
        try {
            objects.create(ServiceManifests.deployment(service, namespace));
        } catch (RuntimeException e) {
            // Leave no orphan: a Service alone would be recreated into a whole service by the reconciler.
            try {
                objects.delete(ServiceObjectKind.SERVICE, service.name());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return service;
    }

    /** What {@link #delete} removed: {@code deployment web-3f2a9c1d}, {@code service web-3f2a9c1d}, {@code job ...}. */
    public record Deletion(ServiceView service, List<String> deleted) {
    }

    /**
     * Removes a service's objects at once (the pods go with them, in the background): a detached service's Deployment
     * and Service, a run's Job. Once neither is left the reconciler has nothing to recreate it from. A compose service
     * is refused: the compose file is the truth, and the reconciler would create it again (the functions cannot tell
     * whether the reconciler reads a file; they are configured apart).
     */
    public Deletion delete(String id) {
        ServiceView service = byId(id);
        if (ServiceOrigin.COMPOSE.label().equals(service.origin())) {
            throw new ServiceInComposeFileException("service " + service.name() + " is declared by the compose file (the "
                    + "reconciler's desired services); remove it there and the next reconcile pass deletes it");
        }
        List<String> deleted = new ArrayList<>();
        if (service.detached()) {
            objects.delete(ServiceObjectKind.DEPLOYMENT, service.name());
            deleted.add("deployment " + service.name());
            objects.delete(ServiceObjectKind.SERVICE, service.name());
            deleted.add("service " + service.name());
        } else {
            objects.deleteJob(service.name());
            deleted.add("job " + service.name());
        }
        return new Deletion(service, deleted);
    }

    /** Runs the image to completion as a Job and waits for it, at most {@code run-timeout}. */
    public RunOutcome run(NewService request) {
        StoredService service = stored(request);
        objects.create(ServiceManifests.job(service, settings.namespace(), settings.jobTtl()));
        long deadline = System.nanoTime() + settings.runTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (objects.job(service.name()).map(LiveObjects.Job::finished).orElse(false)) {
                break;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(settings.runPollInterval().toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<LiveObjects.Pod> pods = objects.podsOfJob(service.name());
        LiveObjects.Pod pod = pods.isEmpty() ? null : pods.get(pods.size() - 1);
        String outcome = pod == null ? "running"
                : "Succeeded".equals(pod.phase()) ? "succeeded"
                : "Failed".equals(pod.phase()) ? "failed"
                : "running";
        String output = "";
        if (pod != null) {
            try {
                output = objects.log(pod.metadata().name(), settings.logTailLines());
            } catch (RuntimeException e) {
                output = "";
            }
        }
        return new RunOutcome(service, outcome, pod == null ? null : pod.exitCode(), output);
    }

    private StoredService stored(NewService request) {
        try {
            ImageReference.parse(request.image());
        } catch (InvalidImageReferenceException e) {
            throw new BadServiceRequestException("image " + e.getMessage());
        }
        List<PortMapping> ports = List.of();
        if (request.publish() != null) {
            if (!request.detached()) {
                throw new BadServiceRequestException("publish needs a detached service");
            }
            Integer nodePort = request.publish().nodePort();
            if (nodePort != null && !settings.inNodePortRange(nodePort)) {
                throw new BadServiceRequestException("publish " + nodePort + " is outside the node port range "
                        + settings.nodePortMin() + "-" + settings.nodePortMax());
            }
            ports = List.of(new PortMapping(settings.containerPort(), nodePort));
        }
        String id = UUID.randomUUID().toString();
        String created = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        ServiceSpec spec = new ServiceSpec(request.image(), 1, Map.of(), ports, List.of());
        return new StoredService(id, nameFor(request.image(), id), ServiceOrigin.API, created, request.detached(), spec);
    }

    /** {@code registry.example.com:5000/team/app:1.2} with id {@code 3f2a...} is {@code app-3f2a9c1d}. */
    static String nameFor(String image, String id) {
        String path = ImageReference.parse(image).path();
        String base = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+|-+$", "");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "svc-" + base;
        }
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return (base.replaceAll("-+$", "") + "-" + id.substring(0, 8)).replaceAll("--+", "-");
    }

    private List<ServiceView> views() {
        Map<String, StoredService> services = new LinkedHashMap<>();
        Map<String, Integer> nodePorts = new LinkedHashMap<>();
        for (ObservedServiceObject deployment : objects.list(ServiceObjectKind.DEPLOYMENT, ListSource.LATEST)) {
            if (deployment.stored() != null) {
                services.putIfAbsent(deployment.stored().id(), deployment.stored());
            }
        }
        for (LiveObjects.Service service : objects.services()) {
            ServiceLabels.fromAnnotations(service.metadata().annotations()).ifPresent(stored -> {
                services.putIfAbsent(stored.id(), stored);
                nodePorts.put(stored.id(), nodePort(service));
            });
        }
        for (LiveObjects.Job job : objects.jobs()) {
            ServiceLabels.fromAnnotations(job.metadata().annotations()).ifPresent(stored -> services.putIfAbsent(stored.id(), stored));
        }
        Map<String, List<LiveObjects.Pod>> podsById = new LinkedHashMap<>();
        for (LiveObjects.Pod pod : objects.pods()) {
            String id = pod.metadata().labels().get(ServiceLabels.ID);
            if (id != null) {
                podsById.computeIfAbsent(id, k -> new ArrayList<>()).add(pod);
            }
        }
        List<ServiceView> views = new ArrayList<>();
        for (StoredService s : services.values()) {
            List<LiveObjects.Pod> pods = podsById.getOrDefault(s.id(), List.of());
            views.add(new ServiceView(s.id(), s.name(), s.spec().image(), s.detached() ? status(pods, s.spec().replicas()) : runStatus(pods),
                    s.created(), s.detached() ? s.spec().replicas() : 1, nodePorts.get(s.id()), s.detached(), s.origin().label()));
        }
        return views;
    }

    private static Integer nodePort(LiveObjects.Service service) {
        if (service.spec() == null || service.spec().ports() == null || service.spec().ports().isEmpty()) {
            return null;
        }
        return service.spec().ports().get(0).nodePort();
    }

    static String status(List<LiveObjects.Pod> pods, int replicas) {
        if (replicas == 0) {
            return "stopped";
        }
        long running = pods.stream().filter(p -> "Running".equals(p.phase())).count();
        if (running >= replicas) {
            return "running";
        }
        for (LiveObjects.Pod pod : pods) {
            if (pod.waitingReason() != null) {
                return pod.waitingReason();
            }
        }
        if (pods.stream().anyMatch(p -> "Failed".equals(p.phase()))) {
            return "failed";
        }
        return "pending";
    }

    static String runStatus(List<LiveObjects.Pod> pods) {
        if (pods.stream().anyMatch(p -> "Succeeded".equals(p.phase()))) {
            return "succeeded";
        }
        if (pods.stream().anyMatch(p -> "Failed".equals(p.phase()))) {
            return "failed";
        }
        return status(pods, 1);
    }

}
