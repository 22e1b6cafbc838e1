package dev.deckhand.images;

import dev.deckhand.api.NeedsCaller;
import dev.deckhand.auth.Roles;
import io.micronaut.security.annotation.Secured;
import dev.deckhand.api.ErrorBody;
import dev.deckhand.api.ErrorHandlers;
import dev.deckhand.api.StrictJson;
import dev.deckhand.nodes.NodeRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;

import java.util.List;

/** Seed 000's image routes: list, pull and delete images on one node through that node's agent. */
@Secured(Roles.ADMIN)
@NeedsCaller
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "images")
public class ImagesController {

    private final ImagesService images;
    private final StrictJson bodies;

    public ImagesController(ImagesService images, StrictJson bodies) {
        this.images = images;
        this.bodies = bodies;
    }

    @Operation(summary = "Every image on a node, one entry per repository tag",
            description = "Read from the node's agent (CRI ListImages), uncapped. An image no tag names is listed with imageVersion \"<none>\".")
    @Post("/list")
    @RequestBody(content = @Content(schema = @Schema(implementation = NodeRequest.class)))
    public List<NodeImage> list(@Body @Nullable byte[] body) {
        return images.list(bodies.read(body, NodeRequest.class).nodeName());
    }

    @Operation(summary = "Pull an image onto a node",
            description = "404 unknown node or image/tag not in the registry; 400 malformed reference; 502 registry or runtime failure (the runtime's words in error); 503 agent unreachable.")
    @Post("/pull")
    @RequestBody(content = @Content(schema = @Schema(implementation = NodeImageRequest.class)))
    public HttpResponse<?> pull(@Body @Nullable byte[] body) {
        NodeImageRequest request = bodies.read(body, NodeImageRequest.class);
        try {
            images.pull(request.nodeName(), request.image());
            return HttpResponse.ok(new ImageOperationResult(request.image(), "pull successfully"));
        } catch (RuntimeException failure) {
            return ErrorHandlers.respond(failure, request.image());
        }
    }

    @Operation(summary = "Delete an image from a node",
            description = "The runtime removes the image with all its tags (CRI RemoveImage). Deleting an image that is absent succeeds."
                    + " An image that running containers on the node use is refused with 409 (reason FAILED_PRECONDITION, the"
                    + " containers named in error) unless the query has force=true.")
    @Post("/delete")
    @RequestBody(content = @Content(schema = @Schema(implementation = NodeImageRequest.class)))
    public HttpResponse<?> delete(@Body @Nullable byte[] body, @Nullable @QueryValue String force) {
        NodeImageRequest request = bodies.read(body, NodeImageRequest.class);
        if (force != null && !force.equals("true") && !force.equals("false")) {
            return HttpResponse.badRequest(new ErrorBody(request.image(),
                    "query parameter 'force' must be true or false, not '" + force + "'", null));
        }
        try {
            images.remove(request.nodeName(), request.image(), "true".equals(force));
            return HttpResponse.ok(new ImageOperationResult(request.image(), "delete successfully"));
        } catch (RuntimeException failure) {
            return ErrorHandlers.respond(failure, request.image());
        }
    }
}
