package dev.deckhand.cleanup;

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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Image cleanup routes, with the prewarm routes' semantics (201 pending; 404 unknown id; 409 cancelling a finished
 * task). Only translates HTTP: {@link CleanupService} validates, reads and writes; the reconciler
 * ({@link CleanupReconciler}) executes.
 */
@Secured(Roles.ADMIN)
@NeedsCaller
@Controller("/api/v1/cleanups")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "cleanup")
public class CleanupController {

    private final CleanupService tasks;
    private final TaskRequests requests;

    public CleanupController(CleanupService tasks, TaskRequests requests) {
        this.tasks = tasks;
        this.requests = requests;
    }

    @Operation(summary = "Create an image cleanup",
            description = "Stores the task (a CleanupTask custom resource) and answers 201 with it, pending; the reconciler "
                    + "fixes the Ready nodes that match nodeSelector when it starts the task and cleans them batchSize at a "
                    + "time. On each node the agent removes the images that match and that no container uses (running or "
                    + "not), never its own image, never keep. 400 names the field at fault (unusedFor is always refused: "
                    + "the runtime keeps no last-used time), and nothing is stored.")
    @Post
    @RequestBody(content = @Content(schema = @Schema(implementation = CreateCleanupRequest.class)))
    public HttpResponse<CleanupViews.Created> create(@Body @Nullable byte[] body) {
        CleanupTask created = tasks.create(requests.create(body, CreateCleanupRequest.class, "images", "keep").toNewTask());
        return HttpResponse.<CleanupViews.Created>status(HttpStatus.CREATED).body(CleanupViews.created(created));
    }

    @Operation(summary = "One cleanup: status, progress, per-node results, failed nodes", description = "404 for an unknown id.")
    @Get("/{id}")
    public CleanupViews.Detail get(@PathVariable String id) {
        return CleanupViews.detail(tasks.get(id));
    }

    @Operation(summary = "Cleanups, newest first",
            description = "status: pending, running, completed, failed or cancelled (400 otherwise); limit: default 10, "
                    + "at least 1, above 100 answered as 100; offset: default 0.")
    @Get("{?status,limit,offset}")
    public CleanupViews.Page list(@Nullable @QueryValue String status, @Nullable @QueryValue String limit,
                                  @Nullable @QueryValue String offset) {
        TaskPage<CleanupTask> page = tasks.list(status, TaskRequests.integer(limit, "limit", CleanupValidationException::new),
                TaskRequests.integer(offset, "offset", CleanupValidationException::new));
        return new CleanupViews.Page(page.tasks().stream().map(CleanupViews::summary).toList(), page.total(), page.limit(),
                page.offset());
    }

    @Operation(summary = "Cancel a cleanup",
            description = "From now on the task shows as cancelled; the reconciler starts no more nodes (calls in flight "
                    + "finish and are recorded). 409 when the task has already completed, failed or been cancelled; 404 "
                    + "unknown id.")
    @Delete("/{id}")
    public CleanupViews.Cancelled cancel(@PathVariable String id) {
        CleanupTask cancelled = tasks.cancel(id);
        return new CleanupViews.Cancelled(cancelled.id(), TaskPhase.CANCELLED.wire(), "Cleanup cancelled successfully");
    }
}
