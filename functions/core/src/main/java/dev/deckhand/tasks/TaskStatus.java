package dev.deckhand.tasks;


import java.util.List;

/** What every node-by-node task's status has: its lifecycle and its node list (the custom resource's {@code status}). */
public interface TaskStatus {

    /** {@code running}, {@code completed}, {@code failed} or {@code cancelled} (no status: pending). */
    String phase();

    /** The nodes fixed at start, each with its state; the order defines the batches. */
    List<NodeEntry> nodes();

    /** Counts derived from {@link #nodes()}. */
    Progress progress();

    /** One entry per failed node. */
    List<FailedNode> failedNodeDetails();

    /** When the task finished (RFC 3339). */
    String completedAt();

    default TaskPhase taskPhase() {
        return TaskPhase.parse(phase()).orElse(TaskPhase.PENDING);
    }
}
