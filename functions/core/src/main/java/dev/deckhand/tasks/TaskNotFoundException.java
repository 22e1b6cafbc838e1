package dev.deckhand.tasks;

/** No task has this id. Answered with 404. */
public class TaskNotFoundException extends RuntimeException {
    private final String taskId;

    public TaskNotFoundException(String taskId) {
        super("task '" + taskId + "' not found");
        this.taskId = taskId;
    }

    public String taskId() {
        return taskId;
    }
}
