package dev.deckhand.services;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Pure: from the desired compose services and the observed Deployments and Services, the writes that make them
 * match. Compose services are desired as the file says; POSTed services as Deckhand stored them on whichever of
 * their two objects is left. Objects match when their spec-hash annotation equals the desired spec's hash, so a
 * converged cluster plans nothing.
 */
public final class ServicesPlanner {

    private ServicesPlanner() {
    }

    /** The id of a compose service: derived from its name, so that a recreated service keeps it. */
    public static String composeId(String name) {
        return UUID.nameUUIDFromBytes(("deckhand compose service " + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * @param compose  the compose file's services by name; null when no compose source is configured (or it could not
     *                 be read), in which case compose services are left as they are
     * @param observed every service Deployment and Service
     * @param now      the creation time of services created now
     */
    public static List<ServiceAction> plan(@Nullable Map<String, ServiceSpec> compose, List<ObservedServiceObject> observed, String now) {
        Map<String, ObservedServiceObject> deployments = new LinkedHashMap<>();
        Map<String, ObservedServiceObject> services = new LinkedHashMap<>();
        for (ObservedServiceObject object : observed) {
            (object.kind() == ServiceObjectKind.DEPLOYMENT ? deployments : services).put(object.name(), object);
        }
        Map<String, StoredService> desired = new LinkedHashMap<>();
        if (compose != null) {
            compose.forEach((name, spec) -> {
                StoredService before = storedOf(deployments.get(name), services.get(name));
                String id = composeId(name);
                String created = before != null && id.equals(before.id()) ? before.created() : now;
                desired.put(name, new StoredService(id, name, ServiceOrigin.COMPOSE, created, true, spec));
            });
        }
        for (ObservedServiceObject object : observed) {
            StoredService stored = object.stored();
            if (object.origin() == ServiceOrigin.API && stored != null && stored.origin() == ServiceOrigin.API
                    && stored.name().equals(object.name()) && !desired.containsKey(stored.name())) {
                // The Deployment's copy wins when both are there: it is listed first.
                desired.put(stored.name(), stored);
            }
        }
        List<ServiceAction> plan = new ArrayList<>();
        for (StoredService service : desired.values()) {
            ObservedServiceObject deployment = deployments.get(service.name());
            ObservedServiceObject svc = services.get(service.name());
            boolean recreate = deployment != null || svc != null;
            plan.addAll(converge(ServiceObjectKind.DEPLOYMENT, service, deployment, recreate));
            plan.addAll(converge(ServiceObjectKind.SERVICE, service, svc, recreate));
        }
        if (compose != null) {
            for (ObservedServiceObject object : observed) {
                if (object.origin() == ServiceOrigin.COMPOSE && !compose.containsKey(object.name())) {
                    plan.add(new ServiceAction.Delete(object));
                }
            }
        }
        return plan;
    }

    private static List<ServiceAction> converge(ServiceObjectKind kind, StoredService service, ObservedServiceObject object, boolean recreate) {
        if (object == null) {
            return List.of(new ServiceAction.Create(kind, service, recreate));
        }
        if (Objects.equals(object.specHash(), service.specHash())) {
            return List.of();
        }
        return List.of(new ServiceAction.Replace(kind, service, object, drift(object.stored(), service)));
    }

    private static StoredService storedOf(ObservedServiceObject deployment, ObservedServiceObject service) {
        if (deployment != null && deployment.stored() != null) {
            return deployment.stored();
        }
        return service == null ? null : service.stored();
    }

    /** What changed, in words: {@code image nginx:1 -> nginx:2, replicas 1 -> 3}. */
    static String drift(StoredService before, StoredService after) {
        if (before == null) {
            return "not rendered by Deckhand from this spec";
        }
        ServiceSpec a = before.spec();
        ServiceSpec b = after.spec();
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(a.image(), b.image())) {
            changes.add("image " + a.image() + " -> " + b.image());
        }
        if (a.replicas() != b.replicas()) {
            changes.add("replicas " + a.replicas() + " -> " + b.replicas());
        }
        if (!a.environment().equals(b.environment())) {
            changes.add("environment");
        }
        if (!a.ports().equals(b.ports())) {
            changes.add("ports");
        }
        if (!a.command().equals(b.command())) {
            changes.add("command");
        }
        if (!Objects.equals(before.id(), after.id())) {
            changes.add("id");
        }
        return changes.isEmpty() ? "spec hash differs" : String.join(", ", changes);
    }
}
