package dev.deckhand.services;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What one services pass did.
 *
 * @param desired    services it kept (compose and POSTed)
 * @param created    objects created for services that had none yet
 * @param recreated  objects created again after they were deleted
 * @param updated    objects replaced because they had drifted from the desired spec
 * @param deleted    objects of compose services the file no longer names
 * @param deferred   writes not started because the pass had to stop
 * @param driftFixed one line per write: {@code web: deployment recreated}, {@code api: deployment updated (image a -> b)}
 * @param failures   one line per failed write, or the compose file's problem
 * @param skipped    writes not started because their object is backed off after a refused write, or the pass's
 *                   budget of failing writes was spent
 * @param skippedObjects the first few of those, described
 */
@Serdeable
public record ServicesReconcileResult(int desired, int created, int recreated, int updated, int deleted, int deferred,
                                      List<String> driftFixed, List<String> failures, int skipped, List<String> skippedObjects) {

    /** A step that keeps nothing. */
    public static ServicesReconcileResult idle() {
        return new ServicesReconcileResult(0, 0, 0, 0, 0, 0, List.of(), List.of(), 0, List.of());
    }

    public static ServicesReconcileResult failed(String failure) {
        return new ServicesReconcileResult(0, 0, 0, 0, 0, 0, List.of(), List.of(failure), 0, List.of());
    }

    public int writes() {
        return created + recreated + updated + deleted;
    }

    public String describe() {
        String line = String.format("services: %d desired, %d created, %d recreated, %d updated, %d deleted",
                desired, created, recreated, updated, deleted);
        if (deferred > 0) {
            line += ", " + deferred + " deferred";
        }
        if (skipped > 0) {
            line += ", " + skipped + " skipped";
        }
        if (!failures.isEmpty()) {
            line += ", " + failures.size() + " failed (first: " + failures.get(0) + ")";
        }
        return line;
    }
}
