package dev.deckhand.tasks;

/** A cancel of a task that has already finished (completed, failed or cancelled). Answered with 409. */
public class TaskFinishedException extends RuntimeException {
    private final String taskId;
    private final TaskPhase phase;

    public TaskFinishedException(String taskId, TaskPhase phase) {
        super("task '" + taskId + "' is already " + phase.wire() + " and cannot be cancelled");
        this.taskId = taskId;
        this.phase = phase;
    }

    public String taskId() {
        return taskId;
    }

    public TaskPhase phase() {
        return phase;
    }
}
