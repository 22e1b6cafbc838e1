package dev.deckhand.apps;

import dev.deckhand.api.NeedsCaller;
import dev.deckhand.cluster.KubernetesJson;

import dev.deckhand.api.StrictJson;
import dev.deckhand.auth.Roles;
import io.micronaut.security.annotation.Secured;
import dev.deckhand.yaml.StrictYaml;
import dev.deckhand.yaml.YamlDocumentException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/**
 * Seed 004's routes (deploy, status, delete) and Deckhand's stored service documents. Only translates HTTP:
 * {@link AppService} validates, renders and writes.
 */
@Secured({Roles.DEPLOYER, Roles.ADMIN})
@NeedsCaller
@Controller("/kubernetes/services")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "deployments")
public class AppsController {

    /** Lists what a deploy wrote, e.g. {@code create Deployment svc-web, replace Service svc-web}; {@code none} when nothing. */
    public static final String CHANGES_HEADER = "Deckhand-Changes";

    private final AppService deployments;
    private final StrictJson bodies;

    public AppsController(AppService deployments, StrictJson bodies) {
        this.deployments = deployments;
        this.bodies = bodies;
    }

    @Operation(summary = "Deploy a service from its document",
            description = "Reads the document (the stored one, or the catalog's when deckhand.deployments.catalog-url is set), "
                    + "validates it and creates or updates its PVCs, Deployment and Service. Answers the Deployment as JSON, "
                    + "header Deckhand-Changes listing the writes (none when the document is unchanged). 400 names the field at "
                    + "fault and nothing is written; 404 no document; 409 an object of that name is not this service's.")
    @Put(value = "/{id}/deploy", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> deploy(@PathVariable String id) {
        DeployResult result = deployments.deploy(id);
        return HttpResponse.ok(KubernetesJson.compact(result.rendered().deployment()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(CHANGES_HEADER, result.changes().isEmpty() ? "none" : String.join(", ", result.changes()));
    }

    @Operation(summary = "Every service with a stored document or a Deployment, one line of status each",
            description = "By id: {id, name (the document's, null without one), document (stored?), deployed (Deployment "
                    + "exists?), readyReplicas, replicas, state}; state is ready (every desired pod ready, rollout done), "
                    + "progressing, stopped (0 replicas) or stored (a document, nothing deployed). [] when there is none.")
    @Get
    public List<AppSummary> list() {
        return deployments.list();
    }

    @Operation(summary = "Status of a deployed service",
            description = "Seed 004's shape from the live objects (replicas, currentReplicas, pods, volumes) plus rollout progress "
                    + "and the recent events of the service's pods. 404 when the service is not deployed.")
    @Get("/{id}")
    public AppStatus status(@PathVariable String id) {
        return deployments.status(id);
    }

    @Operation(summary = "Delete a deployed service",
            description = "Deletes its Service, Deployment and PVCs (the data on the volumes goes with them); with ?document=true "
                    + "also its stored document. 404 when there is nothing to delete, so a second delete is a 404.")
    @Delete("/{id}{?document}")
    public AppService.Deletion delete(@PathVariable String id, @Nullable @QueryValue String document) {
        return deployments.delete(id, flag(document));
    }

    @Operation(summary = "Store a service document",
            description = "Creates or replaces the document of the service: {name, deployment (YAML text), exposed_service, "
                    + "exposed_port}. Validated as a deploy would (400 names the field); nothing is deployed.")
    @Put(value = "/{id}/document", consumes = MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(schema = @Schema(implementation = ServiceDocument.class)))
    public ServiceDocument putDocument(@PathVariable String id, @Nullable @Body byte[] body) {
        return deployments.putDocument(id, read(body));
    }

    @Operation(summary = "Store a service document (same as PUT /kubernetes/services/{id}/document)")
    @Put(value = "/{id}", consumes = MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(schema = @Schema(implementation = ServiceDocument.class)))
    public ServiceDocument putDocumentAtId(@PathVariable String id, @Nullable @Body byte[] body) {
        return deployments.putDocument(id, read(body));
    }

    @Operation(summary = "The stored service document", description = "404 when none is stored.")
    @Get("/{id}/document")
    public ServiceDocument document(@PathVariable String id) {
        return deployments.document(id);
    }

    private ServiceDocument read(byte[] body) {
        try {
            return StrictYaml.readJson(bodies.json(body), ServiceDocument.class);
        } catch (YamlDocumentException e) {
            throw new AppValidationException(e.path(), e.problem());
        }
    }

    private static boolean flag(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true")) {
            return true;
        }
        throw new AppValidationException("document", "must be true or false, not \"" + value + "\"");
    }
}
