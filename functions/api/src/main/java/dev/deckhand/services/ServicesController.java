package dev.deckhand.services;

import dev.deckhand.api.NeedsCaller;
import dev.deckhand.auth.Roles;
import io.micronaut.security.annotation.Secured;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** Seed 001's routes (mini-Kubernetes services). Only translates HTTP: {@link ServicesService} does the work. */
@Secured(Roles.ADMIN)
@NeedsCaller
@Controller("/services")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "services")
public class ServicesController {

    private final ServicesService services;
    private final ServiceRequests requests;

    public ServicesController(ServicesService services, ServiceRequests requests) {
        this.services = services;
        this.requests = requests;
    }

    @Operation(summary = "Every service, oldest first", description = "404 {\"error\": \"Not found\"} when there is none, as seed 001 documents.")
    @Get
    public List<ServiceView> list() {
        return services.list();
    }

    @Operation(summary = "The most recently created service")
    @Get("/latest")
    public ServiceView latest() {
        return services.latest(null);
    }

    @Operation(summary = "The most recently created service with this image",
            description = "The image as given when the service was created, slashes and colons included: "
                    + "/services/latest/registry.example.com:5000/team/app:1.2")
    // {image:.+}, not {+image}: the same match (slashes and colons included), and the API docs keep the route and its
    // parameter (micronaut-openapi folds a {+image} route into /services/latest).
    @Get("/latest/{image:.+}")
    public ServiceView latestWithImage(@PathVariable String image) {
        return services.latest(image);
    }

    @Operation(summary = "A service by name")
    @Get("/name/{name}")
    public ServiceView byName(@PathVariable String name) {
        return services.byName(name);
    }

    @Operation(summary = "A service by id")
    @Get("/{id}")
    public ServiceView byId(@PathVariable String id) {
        return services.byId(id);
    }

    @Operation(summary = "Stop and remove a service",
            description = "Deletes at once what runs it: a detached service's Deployment and Service, a run's Job (their pods go "
                    + "in the background), so the reconciler has nothing left to recreate it from; GET /services/{id} is a 404 "
                    + "right after. 404 {\"error\": \"Not found\"} for an unknown id (so a second delete is a 404); 409 for a "
                    + "service the compose file declares (remove it from the file: the next reconcile pass deletes it).")
    @ApiResponse(responseCode = "200", description = "Removed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServiceCreated.Deleted.class)))
    @Delete("/{id}")
    public ServiceCreated.Deleted delete(@PathVariable String id) {
        ServicesService.Deletion deletion = services.delete(id);
        return new ServiceCreated.Deleted(ServiceCreated.DELETED, deletion.service().id(), deletion.service().name(),
                deletion.deleted());
    }

    @Operation(summary = "Start a service",
            description = "{\"image\", \"detached\" (default true), \"publish\" (true: a node port the cluster assigns; an integer: that "
                    + "node port; absent or false: nothing)}. Detached: a Deployment (and Service), 201 at once. detached false: "
                    + "a Job run to completion, 201 once it ended or deckhand.services.run-timeout passed, with its outcome and "
                    + "the tail of its output. 400 {\"error\": \"Bad Request\"} for any bad body (why in header "
                    + "Deckhand-Error-Detail); 409 {\"error\"} naming the Service (namespace/name) that already holds the node "
                    + "port asked for. Nothing is created then.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ServiceRequests.Body.class)))
    @ApiResponse(responseCode = "201", description = "Created; header Location: /services/{id}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {ServiceCreated.Detached.class, ServiceCreated.Run.class})))
    @Status(HttpStatus.CREATED)
    @Post
    @Consumes(MediaType.ALL)
    public HttpResponse<?> create(@Parameter(hidden = true) @Body @Nullable byte[] body) {
        NewService request = requests.read(body);
        if (request.detached()) {
            StoredService created = services.create(request);
            return HttpResponse.status(HttpStatus.CREATED).header("Location", "/services/" + created.id())
                    .body(new ServiceCreated.Detached(ServiceCreated.CREATED));
        }
        RunOutcome run = services.run(request);
        return HttpResponse.status(HttpStatus.CREATED).header("Location", "/services/" + run.service().id())
                .body(new ServiceCreated.Run(ServiceCreated.CREATED, run.service().id(), run.service().name(), run.outcome(),
                        run.exitCode(), run.output()));
    }
}
