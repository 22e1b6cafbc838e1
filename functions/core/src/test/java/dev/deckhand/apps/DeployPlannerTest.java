package dev.deckhand.apps;

import org.junit.jupiter.api.Test;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeployPlannerTest {

    private static final Predicate<String> NO_EXPANSION = c -> {
        throw new AssertionError("no storage class asked about");
    };

    private static DesiredObject desired(ObjectKind kind, String name, String hash) {
        return new DesiredObject(kind, name, hash, null);
    }

    private static OwnedObject owned(ObjectKind kind, String name, String hash) {
        return new OwnedObject(kind, name, hash, "1");
    }

    @Test
    void nothingInTheClusterCreatesEverythingInOrder() {
        DeployPlan plan = DeployPlanner.plan(List.of(desired(ObjectKind.CLAIM, "svc-a-d", "1"),
                desired(ObjectKind.DEPLOYMENT, "svc-a", "2"), desired(ObjectKind.SERVICE, "svc-a", "3")), List.of(), NO_EXPANSION);
        assertEquals(List.of("create PersistentVolumeClaim svc-a-d", "create Deployment svc-a", "create Service svc-a"),
                plan.actions().stream().map(DeployPlan.Action::describe).toList());
    }

    @Test
    void sameHashesPlanNothing() {
        DeployPlan plan = DeployPlanner.plan(List.of(desired(ObjectKind.CLAIM, "svc-a-d", "1"), desired(ObjectKind.DEPLOYMENT, "svc-a", "2")),
                List.of(owned(ObjectKind.DEPLOYMENT, "svc-a", "2"), owned(ObjectKind.CLAIM, "svc-a-d", "1")), NO_EXPANSION);
        assertTrue(plan.isEmpty());
    }

    @Test
    void changedObjectsAreReplacedAndObjectsNoLongerRenderedDeletedLast() {
        DeployPlan plan = DeployPlanner.plan(List.of(desired(ObjectKind.CLAIM, "svc-a-new", "1"), desired(ObjectKind.DEPLOYMENT, "svc-a", "9")),
                List.of(owned(ObjectKind.DEPLOYMENT, "svc-a", "2"), owned(ObjectKind.CLAIM, "svc-a-old", "1"),
                        owned(ObjectKind.SERVICE, "svc-a", "3"), owned(ObjectKind.DEPLOYMENT, "svc-a", null)), NO_EXPANSION);
        assertEquals(List.of("create PersistentVolumeClaim svc-a-new", "replace Deployment svc-a", "delete Service svc-a",
                        "delete PersistentVolumeClaim svc-a-old"),
                plan.actions().stream().map(DeployPlan.Action::describe).toList());
    }

    @Test
    void anObjectWithoutAHashIsReplaced() {
        DeployPlan plan = DeployPlanner.plan(List.of(desired(ObjectKind.DEPLOYMENT, "svc-a", "2")),
                List.of(owned(ObjectKind.DEPLOYMENT, "svc-a", null)), NO_EXPANSION);
        assertEquals(DeployPlan.Op.REPLACE, plan.actions().get(0).op());
    }

    // Volumes: a claim's spec is immutable but for a Bound claim's storage request.

    private static DesiredObject claim(String size, String hash) {
        return new DesiredObject(ObjectKind.CLAIM, "svc-a-data", hash, new V1PersistentVolumeClaim()
                .metadata(new V1ObjectMeta().name("svc-a-data").labels(Map.of(AppRenderer.VOLUME, "data")))
                .spec(new V1PersistentVolumeClaimSpec().resources(new V1VolumeResourceRequirements()
                        .requests(Map.of("storage", Quantity.fromString(size))))));
    }

    private static OwnedObject liveClaim(String phase, String storageClass, String size) {
        return new OwnedObject(ObjectKind.CLAIM, "svc-a-data", "old", "1", false,
                new OwnedObject.ClaimState(phase, storageClass, size));
    }

    private static List<String> described(DeployPlan plan) {
        return plan.actions().stream().map(DeployPlan.Action::describe).toList();
    }

    @Test
    void aChangedClaimNotBoundHoldsNoDataAndIsRecreated() {
        assertEquals(List.of("recreate PersistentVolumeClaim svc-a-data"),
                described(DeployPlanner.plan(List.of(claim("2Gi", "new")), List.of(liveClaim("Pending", "standard", "1Gi")), NO_EXPANSION)));
        assertEquals(List.of("recreate PersistentVolumeClaim svc-a-data"),
                described(DeployPlanner.plan(List.of(claim("1Gi", "new")), List.of(liveClaim(null, null, "2Gi")), NO_EXPANSION)),
                "a claim just created, without a status, is not bound either; it may even shrink");
    }

    @Test
    void aBoundClaimGrowsInPlaceWhereItsClassAllowsExpansion() {
        List<String> asked = new ArrayList<>();
        DeployPlan plan = DeployPlanner.plan(List.of(claim("2Gi", "new"), desired(ObjectKind.DEPLOYMENT, "svc-a", "9")),
                List.of(liveClaim("Bound", "standard", "1Gi"), owned(ObjectKind.DEPLOYMENT, "svc-a", "2")),
                c -> asked.add(c) && c.equals("standard"));
        assertEquals(List.of("expand PersistentVolumeClaim svc-a-data", "replace Deployment svc-a"), described(plan));
        assertEquals(List.of("standard"), asked);
        assertEquals(List.of("replace PersistentVolumeClaim svc-a-data"),
                described(DeployPlanner.plan(List.of(claim("1024Mi", "new")), List.of(liveClaim("Bound", "fixed", "1Gi")), NO_EXPANSION)),
                "the same size (another hash): patched in place, whatever the class");
    }

    @Test
    void aBoundClaimThatCannotGrowOrWouldShrinkRefusesTheWholeDeploy() {
        ObjectConflictException fixed = assertThrows(ObjectConflictException.class, () -> DeployPlanner.plan(
                List.of(claim("2Gi", "new"), desired(ObjectKind.DEPLOYMENT, "svc-a", "9")),
                List.of(liveClaim("Bound", "fixed", "1Gi"), owned(ObjectKind.DEPLOYMENT, "svc-a", "2")), c -> false));
        assertTrue(fixed.getMessage().startsWith("volume data is bound at 1Gi and its storage class \"fixed\" does not allow "
                + "volume expansion, so it cannot grow to 2Gi"), fixed.getMessage());
        ObjectConflictException classless = assertThrows(ObjectConflictException.class, () -> DeployPlanner.plan(
                List.of(claim("2Gi", "new")), List.of(liveClaim("Bound", null, "1Gi")), NO_EXPANSION));
        assertTrue(classless.getMessage().contains("has no storage class"), classless.getMessage());
        ObjectConflictException shrink = assertThrows(ObjectConflictException.class, () -> DeployPlanner.plan(
                List.of(claim("512Mi", "new")), List.of(liveClaim("Bound", "standard", "1Gi")), NO_EXPANSION));
        assertTrue(shrink.getMessage().startsWith("volume data is bound at 1Gi and a bound volume cannot shrink to 512Mi"),
                shrink.getMessage());
    }

    @Test
    void objectsBeingDeletedAreNotDeletedAgainAndRefuseADeployTheyAreInTheWayOf() {
        OwnedObject terminating = new OwnedObject(ObjectKind.CLAIM, "svc-a-data", "old", "1", true,
                new OwnedObject.ClaimState("Bound", "standard", "1Gi"));
        assertTrue(DeployPlanner.plan(List.of(), List.of(terminating), NO_EXPANSION).isEmpty());
        ObjectConflictException refused = assertThrows(ObjectConflictException.class, () -> DeployPlanner.plan(
                List.of(claim("1Gi", "old")), List.of(terminating), NO_EXPANSION));
        assertTrue(refused.getMessage().startsWith("volume data (PersistentVolumeClaim svc-a-data) is still being deleted"),
                refused.getMessage());
    }
}
