package dev.deckhand.deployments;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeployPlannerTest {

    private static DesiredObject desired(ObjectKind kind, String name, String hash) {
        return new DesiredObject(kind, name, hash, null);
    }

    private static OwnedObject owned(ObjectKind kind, String name, String hash) {
        return new OwnedObject(kind, name, hash, "1");
    }

    @Test
    void nothingInTheClusterCreatesEverythingInOrder() {
        DeployPlan plan = DeployPlanner.plan(List.of(desired(ObjectKind.CLAIM, "svc-a-d", "1"),
                desired(ObjectKind.DEPLOYMENT, "svc-a", "2"), desired(ObjectKind.SERVICE, "svc-a", "3")), List.of());
        assertEquals(List.of("create PersistentVolumeClaim svc-a-d", "create Deployment svc-a", "create Service svc-a"),
                plan.actions().stream().map(DeployPlan.Action::describe).toList());
    }

    @Test
    void sameHashesPlanNothing() {
        DeployPlan plan = DeployPlanner.plan(List.of(desired(ObjectKind.CLAIM, "svc-a-d", "1"), desired(ObjectKind.DEPLOYMENT, "svc-a", "2")),
                List.of(owned(ObjectKind.DEPLOYMENT, "svc-a", "2"), owned(ObjectKind.CLAIM, "svc-a-d", "1")));
        assertTrue(plan.isEmpty());
    }

    @Test
    void changedObjectsAreReplacedAndObjectsNoLongerRenderedDeletedLast() {
        DeployPlan plan = DeployPlanner.plan(List.of(desired(ObjectKind.CLAIM, "svc-a-new", "1"), desired(ObjectKind.DEPLOYMENT, "svc-a", "9")),
                List.of(owned(ObjectKind.DEPLOYMENT, "svc-a", "2"), owned(ObjectKind.CLAIM, "svc-a-old", "1"),
                        owned(ObjectKind.SERVICE, "svc-a", "3"), owned(ObjectKind.DEPLOYMENT, "svc-a", null)));
        assertEquals(List.of("create PersistentVolumeClaim svc-a-new", "replace Deployment svc-a", "delete Service svc-a",
                        "delete PersistentVolumeClaim svc-a-old"),
                plan.actions().stream().map(DeployPlan.Action::describe).toList());
    }

    @Test
    void anObjectWithoutAHashIsReplaced() {
        DeployPlan plan = DeployPlanner.plan(List.of(desired(ObjectKind.DEPLOYMENT, "svc-a", "2")),
                List.of(owned(ObjectKind.DEPLOYMENT, "svc-a", null)));
        assertEquals(DeployPlan.Op.REPLACE, plan.actions().get(0).op());
    }
}
