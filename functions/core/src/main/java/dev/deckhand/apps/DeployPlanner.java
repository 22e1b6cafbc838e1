package dev.deckhand.apps;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Pure: the rendered objects of a service against those in the cluster that carry its labels. Same hash: nothing to
 * do; other hash: replace; missing: create; carried the labels but no longer rendered (a volume or the exposed port
 * taken out of the document): delete, after every create and replace. Objects being deleted are no longer the
 * service's: they are not deleted again, and one in the way of a rendered object refuses the deploy.
 *
 * <p>A claim's spec is immutable after creation but for a Bound claim's storage request (as the API server enforces):
 * a changed claim not bound to a volume holds no data and is recreated; a Bound one is expanded in place when its
 * storage class allows expansion. A Bound volume that would have to shrink, or grow in a class that does not allow
 * it, refuses the deploy ({@link ObjectConflictException}) before anything is written, so a document is never
 * half-applied.
 */
public final class DeployPlanner {

    private DeployPlanner() {
    }

    /**
     * @param expandable whether a storage class (by name) allows volume expansion; asked only for Bound claims that
     *                   grow
     */
    public static DeployPlan plan(List<DesiredObject> desired, List<OwnedObject> owned, Predicate<String> expandable) {
        Map<String, OwnedObject> byKey = owned.stream().collect(Collectors.toMap(o -> key(o.kind(), o.name()),
                Function.identity(), (a, b) -> a));
        List<DeployPlan.Action> actions = new ArrayList<>();
        for (DesiredObject object : desired) {
            OwnedObject live = byKey.remove(key(object.kind(), object.name()));
            if (live == null) {
                actions.add(new DeployPlan.Action(DeployPlan.Op.CREATE, object.kind(), object.name(), object, null));
            } else if (live.terminating()) {
                throw new ObjectConflictException(what(object) + " is still being deleted (a finalizer holds it: a claim "
                        + "goes once no pod uses it); deploy again when it is gone", null);
            } else if (!object.hash().equals(live.hash())) {
                DeployPlan.Op op = object.kind() == ObjectKind.CLAIM ? claimChange(object, live, expandable) : DeployPlan.Op.REPLACE;
                actions.add(new DeployPlan.Action(op, object.kind(), object.name(), object, live));
            }
        }
        // Left over: owned but no longer rendered. The Service goes before the Deployment before the PVCs.
        byKey.values().stream()
                .filter(o -> !o.terminating())
                .sorted((a, b) -> b.kind().compareTo(a.kind()) != 0 ? b.kind().compareTo(a.kind()) : a.name().compareTo(b.name()))
                .forEach(o -> actions.add(new DeployPlan.Action(DeployPlan.Op.DELETE, o.kind(), o.name(), null, o)));
        return new DeployPlan(actions);
    }

    private static DeployPlan.Op claimChange(DesiredObject object, OwnedObject live, Predicate<String> expandable) {
        OwnedObject.ClaimState state = live.claim();
        if (state == null || !state.bound()) {
            return DeployPlan.Op.RECREATE;
        }
        String wanted = object.body() instanceof V1PersistentVolumeClaim claim ? storage(claim) : null;
        if (state.storage() == null || wanted == null) {
            return DeployPlan.Op.REPLACE;
        }
        int growth = amount(wanted).compareTo(amount(state.storage()));
        String volume = volume(object);
        if (growth < 0) {
            throw new ObjectConflictException("volume " + volume + " is bound at " + state.storage() + " and a bound volume "
                    + "cannot shrink to " + wanted + ": keep size " + state.storage() + " (or more) in the document, or delete "
                    + "the service (its data goes with it) and deploy again", null);
        }
        if (growth == 0) {
            return DeployPlan.Op.REPLACE;
        }
        if (state.storageClass() == null || state.storageClass().isEmpty() || !expandable.test(state.storageClass())) {
            throw new ObjectConflictException("volume " + volume + " is bound at " + state.storage() + " and "
                    + (state.storageClass() == null || state.storageClass().isEmpty() ? "has no storage class"
                    : "its storage class \"" + state.storageClass() + "\" does not allow volume expansion")
                    + ", so it cannot grow to " + wanted + ": keep size " + state.storage() + " in the document, or delete "
                    + "the service (its data goes with it) and deploy again", null);
        }
        return DeployPlan.Op.EXPAND;
    }

    private static String what(DesiredObject object) {
        return object.kind() == ObjectKind.CLAIM ? "volume " + volume(object) + " (PersistentVolumeClaim " + object.name() + ")"
                : object.kind().kind() + " " + object.name();
    }

    private static String volume(DesiredObject claim) {
        var labels = claim.body() instanceof V1PersistentVolumeClaim c && c.getMetadata() != null ? c.getMetadata().getLabels() : null;
        return labels == null || labels.get(AppRenderer.VOLUME) == null ? claim.name() : labels.get(AppRenderer.VOLUME);
    }

    private static String storage(V1PersistentVolumeClaim claim) {
        if (claim.getSpec() == null || claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null) {
            return null;
        }
        Quantity storage = claim.getSpec().getResources().getRequests().get("storage");
        return storage == null ? null : storage.toSuffixedString();
    }

    private static BigDecimal amount(String quantity) {
        return Quantity.fromString(quantity).getNumber();
    }

    private static String key(ObjectKind kind, String name) {
        return kind + "/" + name;
    }
}
