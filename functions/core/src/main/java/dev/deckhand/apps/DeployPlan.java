package dev.deckhand.apps;

import java.util.List;

/** What a deploy writes, in order; empty when the cluster already matches the document. */
public record DeployPlan(List<Action> actions) {

    /**
     * CREATE, REPLACE (brought to the rendered form in place) and DELETE; for claims also EXPAND (a Bound claim's
     * storage request grows in place, its data kept) and RECREATE (a claim bound to no volume, so holding no data,
     * deleted and created anew with its new spec).
     */
    public enum Op { CREATE, REPLACE, EXPAND, RECREATE, DELETE }

    /** {@code desired} is null for DELETE, {@code observed} null for CREATE. */
    public record Action(Op op, ObjectKind kind, String name, DesiredObject desired, OwnedObject observed) {
        public String describe() {
            return op.name().toLowerCase() + " " + kind.kind() + " " + name;
        }
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
