package dev.deckhand.deployments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pure: the rendered objects of a service against those in the cluster that carry its labels. Same hash: nothing to
 * do; other hash: replace; missing: create; carried the labels but no longer rendered (a volume or the exposed port
 * taken out of the document): delete, after every create and replace.
 */
public final class DeployPlanner {

    private DeployPlanner() {
    }

    public static DeployPlan plan(List<DesiredObject> desired, List<OwnedObject> owned) {
        Map<String, OwnedObject> byKey = owned.stream().collect(Collectors.toMap(o -> key(o.kind(), o.name()),
                Function.identity(), (a, b) -> a));
        List<DeployPlan.Action> actions = new ArrayList<>();
        for (DesiredObject object : desired) {
            Optional<OwnedObject> live = Optional.ofNullable(byKey.remove(key(object.kind(), object.name())));
            if (live.isEmpty()) {
                actions.add(new DeployPlan.Action(DeployPlan.Op.CREATE, object.kind(), object.name(), object, null));
            } else if (!object.hash().equals(live.get().hash())) {
                actions.add(new DeployPlan.Action(DeployPlan.Op.REPLACE, object.kind(), object.name(), object, live.get()));
            }
        }
        // Left over: owned but no longer rendered. The Service goes before the Deployment before the PVCs.
        byKey.values().stream()
                .sorted((a, b) -> b.kind().compareTo(a.kind()) != 0 ? b.kind().compareTo(a.kind()) : a.name().compareTo(b.name()))
                .forEach(o -> actions.add(new DeployPlan.Action(DeployPlan.Op.DELETE, o.kind(), o.name(), null, o)));
        return new DeployPlan(actions);
    }

    private static String key(ObjectKind kind, String name) {
        return kind + "/" + name;
    }
}
