package dev.deckhand.tenantjobs;

import dev.deckhand.api.NeedsCaller;
import dev.deckhand.api.StrictJson;
import dev.deckhand.auth.Roles;
import dev.deckhand.auth.TenantAccess;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.annotation.Secured;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Seed 003's {@code /pods} routes, plus {@code /pods/template}. Only translates HTTP: {@link TenantJobService} decides. */
@Secured({Roles.TENANT, Roles.ADMIN})
@NeedsCaller
@Controller("/pods")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tenant jobs")
public class TenantJobsController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TenantJobService jobs;
    private final TenantAccess access;
    private final StrictJson bodies;

    public TenantJobsController(TenantJobService jobs, TenantAccess access, StrictJson bodies) {
        this.jobs = jobs;
        this.access = access;
        this.bodies = bodies;
    }

    @Operation(summary = "Run a command as a Job in the tenant's namespace, with the tenant's PVCs mounted",
            description = "Body {\"tenant\", \"cmd\", \"vols\": [{\"pvc\", \"mount\"}]}. Answers 200 with the Job's name, "
                    + "namespace and status; an identical request again answers the same Job with \"created\": false. 400 "
                    + "names the field at fault (including a PVC the tenant does not have), 404 an unknown tenant; nothing "
                    + "is created then.")
    @Post
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TenantJobRequest.class)))
    public TenantJob create(@Parameter(hidden = true) @Body @Nullable byte[] body, Authentication caller) {
        TenantJobRequest request = TenantJobRequests.read(bodies.tree(body));
        access.check(caller, request.tenant());
        return jobs.create(request);
    }

    @Operation(summary = "The tenant's jobs, or one job with its log tail",
            description = "Without name: the tenant's jobs, newest first, each with its pods' phase, start and completion "
                    + "times, exit code and reason. With name: that job, and the last lines of its newest pod's log.")
    @Get("{?tenant,name}")
    public HttpResponse<?> read(@Nullable @QueryValue String tenant, @Nullable @QueryValue String name, Authentication caller) {
        access.check(caller, tenant);
        if (name == null) {
            return HttpResponse.ok(jobs.list(tenant));
        }
        return HttpResponse.ok(jobs.get(tenant, name));
    }

    @Operation(summary = "Delete a job and its pods",
            description = "The job is named by the query parameters tenant and name, or by a JSON body "
                    + "{\"tenant\", \"name\"}. 404 when the tenant has no such job.")
    @Delete("{?tenant,name}")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TenantJobRequests.JobRef.class)))
    public TenantJob delete(@Nullable @QueryValue String tenant, @Nullable @QueryValue String name,
                            @Parameter(hidden = true) @Body @Nullable byte[] body, Authentication caller) {
        TenantJobRequests.JobRef job = TenantJobRequests.ref(tenant, name,
                body == null || body.length == 0 ? null : bodies.tree(body));
        access.check(caller, job.tenant());
        if (job.name() == null || job.name().isEmpty()) {
            throw new TenantJobValidationException("name",
                    "query parameter name is required (or a JSON body {\"tenant\", \"name\"}): the job to delete");
        }
        return jobs.delete(job.tenant(), job.name());
    }

    @Operation(summary = "The template the tenant's jobs are rendered from",
            description = "{\"tenant\", \"source\": \"tenant-service\" | \"stored\" | \"default\", \"template\": Job}.")
    @Get("/template{?tenant}")
    public HttpResponse<String> template(@Nullable @QueryValue String tenant, Authentication caller) {
        access.check(caller, tenant);
        return templateAnswer(jobs.readTemplate(tenant));
    }

    @Operation(summary = "Store the tenant's job template",
            description = "Body: a batch/v1 Job as YAML or JSON whose first container's args hold \"{}\" where the command "
                    + "goes. Refused with 400 naming the field: another kind, a namespace, privileged containers, privilege "
                    + "escalation, added capabilities, root, host namespaces or ports, hostPath or PVC volumes. Admins only: "
                    + "a template is the platform's, not the tenant's, to set.")
    @Secured(Roles.ADMIN)
    @Put("/template{?tenant}")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", MediaType.APPLICATION_YAML, MediaType.TEXT_PLAIN})
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object", description = "a batch/v1 Job")),
            @Content(mediaType = "application/yaml", schema = @Schema(type = "string", description = "a batch/v1 Job as YAML")),
            @Content(mediaType = MediaType.APPLICATION_YAML, schema = @Schema(type = "string", description = "a batch/v1 Job as YAML")),
            @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = "string", description = "a batch/v1 Job as YAML or JSON"))})
    public HttpResponse<String> storeTemplate(@Nullable @QueryValue String tenant,
                                              @Parameter(hidden = true) @Body @Nullable byte[] body) {
        return templateAnswer(jobs.storeTemplate(tenant, StrictJson.text(body)));
    }

    private static HttpResponse<String> templateAnswer(TenantJobTemplate template) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("tenant", template.tenant());
        answer.put("source", template.source());
        if (template.updatedAt() != null) {
            answer.put("updatedAt", template.updatedAt());
        }
        try {
            answer.set("template", JSON.readTree(JobTemplates.toJson(template.job())));
            return HttpResponse.ok(JSON.writeValueAsString(answer)).contentType(MediaType.APPLICATION_JSON_TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
