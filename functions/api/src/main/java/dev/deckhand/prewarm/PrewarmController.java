package dev.deckhand.prewarm;

import dev.deckhand.api.NeedsCaller;
import dev.deckhand.api.TaskRequests;
import dev.deckhand.auth.Roles;
import dev.deckhand.tasks.TaskPage;
import dev.deckhand.tasks.TaskPhase;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Seed 002's task routes. Only translates HTTP: {@link PrewarmService} validates and reads and writes the tasks,
 * the reconciler ({@link PrewarmReconciler}) executes them.
 */
@Secured(Roles.ADMIN)
@NeedsCaller
@Controller("/api/v1/tasks")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "prewarm")
public class PrewarmController {

    private final PrewarmService tasks;
    private final TaskRequests requests;

    public PrewarmController(PrewarmService tasks, TaskRequests requests) {
        this.tasks = tasks;
        this.requests = requests;
    }

    @Operation(summary = "Create an image prewarm task",
            description = "Stores the task (a PrewarmTask custom resource) and answers 201 with it, pending; the reconciler "
                    + "fixes the Ready nodes that match nodeSelector when it starts the task and prewarms them batchSize at "
                    + "a time. 400 names the field at fault, and nothing is stored.")
    @Post
    @Status(HttpStatus.CREATED)
    @RequestBody(content = @Content(schema = @Schema(implementation = CreateTaskRequest.class)))
    public HttpResponse<TaskViews.Created> create(@Body @Nullable byte[] body) {
        PrewarmTask created = tasks.create(
                requests.create(body, CreateTaskRequest.class, "images", "imagePullSecrets").toNewTask());
        return HttpResponse.<TaskViews.Created>status(HttpStatus.CREATED).body(TaskViews.created(created));
    }

    @Operation(summary = "One task: status, progress, failed nodes",
            description = "Read from the cluster, so any instance answers. 404 for an unknown id.")
    @Get("/{id}")
    public TaskViews.Detail get(@PathVariable String id) {
        return TaskViews.detail(tasks.get(id));
    }

    @Operation(summary = "Tasks, newest first",
            description = "status: pending, running, completed, failed or cancelled (400 otherwise); limit: default 10, "
                    + "at least 1, above 100 answered as 100; offset: default 0.")
    @Get("{?status,limit,offset}")
    public TaskViews.Page list(@Nullable @QueryValue String status, @Nullable @QueryValue String limit,
                               @Nullable @QueryValue String offset) {
        TaskPage<PrewarmTask> page = tasks.list(status,
                TaskRequests.integer(limit, "limit", PrewarmValidationException::new),
                TaskRequests.integer(offset, "offset", PrewarmValidationException::new));
        return new TaskViews.Page(page.tasks().stream().map(TaskViews::summary).toList(), page.total(), page.limit(),
                page.offset());
    }

    @Operation(summary = "Cancel a task",
            description = "From now on the task shows as cancelled; the reconciler starts no more pulls and deletes the "
                    + "task's Jobs. 409 when the task has already completed, failed or been cancelled; 404 unknown id.")
    @Delete("/{id}")
    public TaskViews.Cancelled cancel(@PathVariable String id) {
        PrewarmTask cancelled = tasks.cancel(id);
        return new TaskViews.Cancelled(cancelled.id(), TaskPhase.CANCELLED.wire(), "Task cancelled successfully");
    }
}
