package dev.deckhand.deployments;

import java.util.List;

/** What a deploy writes, in order; empty when the cluster already matches the document. */
public record DeployPlan(List<Action> actions) {

    public enum Op { CREATE, REPLACE, DELETE }

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
