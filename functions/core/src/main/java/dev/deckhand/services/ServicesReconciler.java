package dev.deckhand.services;

import dev.deckhand.cluster.ListSource;
import dev.deckhand.cluster.BudgetedWrites;
import dev.deckhand.cluster.PassWrites;
import dev.deckhand.yaml.YamlDocumentException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Keeps the desired services running: observe (one label-selected LIST of Deployments, one of Services), plan
 * ({@link ServicesPlanner}, plain data), apply (bounded parallel writes). In steady state it writes nothing. A Service
 * write that would take a node port another Service holds is not sent: it is reported as {@code POST /services}
 * answers it ({@link NodePortTakenException}) and backed off, and the other writes go on.
 */
@Singleton
public class ServicesReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ServicesReconciler.class);

    private final DesiredServices desired;
    private final ServiceObjects objects;
    private final NodePorts nodePorts;
    private final ServicesSettings settings;
    private final Clock clock;

    public ServicesReconciler(DesiredServices desired, ServiceObjects objects, NodePorts nodePorts, ServicesSettings settings) {
        this(desired, objects, nodePorts, settings, Clock.systemUTC());
    }

    public ServicesReconciler(DesiredServices desired, ServiceObjects objects, NodePorts nodePorts, ServicesSettings settings,
                              Clock clock) {
        this.desired = desired;
        this.objects = objects;
        this.nodePorts = nodePorts;
        this.settings = settings;
        this.clock = clock;
    }

    public ServicesReconcileResult reconcile() {
        return reconcile(() -> true);
    }

    /** A pass that starts no write once {@code mayStartWrite} answers false. */
    public ServicesReconcileResult reconcile(BooleanSupplier mayStartWrite) {
        return reconcile(PassWrites.unrecorded(mayStartWrite));
    }

    /** A pass of the reconciler: its writes budgeted and backed off as {@code pass} says. */
    public ServicesReconcileResult reconcile(PassWrites pass) {
        Map<String, ServiceSpec> compose = null;
        List<String> failures = new ArrayList<>();
        try {
            compose = desired.load().orElse(null);
        } catch (YamlDocumentException e) {
            // POSTed services are still kept; compose services are left as they are until the file is fixed.
            failures.add("compose file " + desired.source() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // Unreadable file, or the ConfigMap could not be read: the same, and the pass goes on.
            failures.add("compose file: " + e.getMessage());
        }
        List<ObservedServiceObject> observed = new ArrayList<>(objects.list(ServiceObjectKind.DEPLOYMENT, ListSource.WATCH_CACHE));
        observed.addAll(objects.list(ServiceObjectKind.SERVICE, ListSource.WATCH_CACHE));
        List<ServiceAction> plan = ServicesPlanner.plan(compose, observed,
                clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        Set<String> names = new HashSet<>();
        if (compose != null) {
            names.addAll(compose.keySet());
        }
        observed.stream().filter(o -> o.origin() == ServiceOrigin.API && o.stored() != null).forEach(o -> names.add(o.name()));
        return apply(plan, names.size(), failures, pass);
    }

    private ServicesReconcileResult apply(List<ServiceAction> plan, int desiredCount, List<String> loadFailures, PassWrites pass) {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger recreated = new AtomicInteger();
        AtomicInteger updated = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        List<String> fixed = Collections.synchronizedList(new ArrayList<>());
        Map<ServiceAction, NodePortTakenException> taken = nodePortsTaken(plan, pass);
        BudgetedWrites.Outcome outcome = BudgetedWrites.apply(plan, pass, action -> {
            NodePortTakenException conflict = taken.get(action);
            if (conflict != null) {
                // The API server would refuse it (422 "provided port is already allocated") without naming the holder.
                throw conflict;
            }
            if (write(action)) {
                (action instanceof ServiceAction.Create c ? (c.recreate() ? recreated : created)
                        : action instanceof ServiceAction.Replace ? updated : deleted).incrementAndGet();
                fixed.add(action.describe());
                pass.wrote(action.describe());
            }
        }, ServiceAction::describe, ServicesReconciler::key);
        List<String> sortedFixed = new ArrayList<>(fixed);
        Collections.sort(sortedFixed);
        List<String> failures = new ArrayList<>(loadFailures);
        failures.addAll(outcome.failures());
        return new ServicesReconcileResult(desiredCount, created.get(), recreated.get(), updated.get(), deleted.get(),
                outcome.deferred(), sortedFixed, List.copyOf(failures), outcome.skipped(), outcome.skippedObjects());
    }

    /**
     * The Service writes of the plan that would take a node port another Service of the cluster holds, found as
     * {@code POST /services} finds them. The cluster-wide Service LIST this takes is made only when the plan creates or
     * replaces a Service that names a node port (not on a steady pass), and not for objects left alone after a refusal.
     */
    private Map<ServiceAction, NodePortTakenException> nodePortsTaken(List<ServiceAction> plan, PassWrites pass) {
        Map<ServiceAction, Set<Integer>> asking = new IdentityHashMap<>();
        for (ServiceAction action : plan) {
            StoredService service = serviceWritten(action);
            if (service == null || pass.ledger().backedOff(key(action))) {
                continue;
            }
            Set<Integer> ports = new HashSet<>();
            service.spec().ports().stream().map(PortMapping::nodePort).filter(Objects::nonNull).forEach(ports::add);
            if (!ports.isEmpty()) {
                asking.put(action, ports);
            }
        }
        if (asking.isEmpty()) {
            return Map.of();
        }
        NodePorts.Holders holders;
        try {
            holders = nodePorts.holders();
        } catch (RuntimeException e) {
            // The writes go out unchecked: the API server still refuses a taken port, only without naming its holder.
            LOG.warn("could not list the cluster's Services to check node ports: {}", e.getMessage());
            return Map.of();
        }
        Map<ServiceAction, NodePortTakenException> taken = new IdentityHashMap<>();
        asking.forEach((action, ports) -> holders.taken(ports, settings.namespace() + "/" + serviceWritten(action).name())
                .ifPresent(e -> taken.put(action, e)));
        return taken;
    }

    /** The service whose Kubernetes Service an action creates or replaces; null for other actions. */
    private static StoredService serviceWritten(ServiceAction action) {
        if (action instanceof ServiceAction.Create c && c.kind() == ServiceObjectKind.SERVICE) {
            return c.service();
        }
        return action instanceof ServiceAction.Replace r && r.kind() == ServiceObjectKind.SERVICE ? r.service() : null;
    }

    /** The object an action writes, for the failure ledger: {@code services/deployment/web}. */
    private static String key(ServiceAction action) {
        if (action instanceof ServiceAction.Create c) {
            return "services/" + c.kind().word() + "/" + c.service().name();
        }
        if (action instanceof ServiceAction.Replace r) {
            return "services/" + r.kind().word() + "/" + r.service().name();
        }
        ObservedServiceObject observed = ((ServiceAction.Delete) action).observed();
        return "services/" + observed.kind().word() + "/" + observed.name();
    }

    /** Performs one write; false when another pass made it first. */
    private boolean write(ServiceAction action) {
        String namespace = settings.namespace();
        if (action instanceof ServiceAction.Create c) {
            return c.kind() == ServiceObjectKind.DEPLOYMENT
                    ? objects.create(ServiceManifests.deployment(c.service(), namespace))
                    : objects.create(ServiceManifests.service(c.service(), namespace));
        }
        if (action instanceof ServiceAction.Replace r) {
            if (r.kind() == ServiceObjectKind.DEPLOYMENT) {
                objects.replace(ServiceManifests.deployment(r.service(), namespace));
            } else {
                objects.replace(ServiceManifests.service(r.service(), namespace));
            }
            return true;
        }
        ServiceAction.Delete d = (ServiceAction.Delete) action;
        objects.delete(d.observed().kind(), d.observed().name());
        return true;
    }
}
