package dev.deckhand.agent.http;

import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.AgentImageList;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.api.FsInfo;
import dev.deckhand.agent.api.ImageReference;
import dev.deckhand.agent.api.ImageRequest;
import dev.deckhand.agent.api.PullResult;
import dev.deckhand.agent.api.RemoveResult;
import dev.deckhand.agent.runtime.ImageRuntime;
import dev.deckhand.agent.runtime.ImageRuntimeException;
import dev.deckhand.agent.runtime.RuntimeCodes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** The image routes of {@link AgentPaths}: HTTP in, {@link ImageRuntime} out. Failures go to {@link AgentErrorHandler}. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ImageController {

    private final ImageRuntime runtime;

    public ImageController(ImageRuntime runtime) {
        this.runtime = runtime;
    }

    @Get(uri = AgentPaths.IMAGES, produces = MediaType.APPLICATION_JSON)
    public AgentImageList list() {
        return new AgentImageList(runtime.list());
    }

    @Get(uri = AgentPaths.IMAGE_STATUS, produces = MediaType.APPLICATION_JSON)
    public AgentImage status(@Nullable @QueryValue String image) {
        String reference = validReference(image, "query parameter 'image'");
        return runtime.status(reference).orElseThrow(() -> new ImageRuntimeException(
                RuntimeCodes.NOT_FOUND, reference, "image " + reference + " not found on this node", null));
    }

    /** Body: {@link ImageRequest}. */
    @Post(uri = AgentPaths.PULL, consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public PullResult pull(@Nullable @Body JsonNode body) {
        String reference = validReference(imageField(body), "field 'image'");
        return new PullResult(reference, runtime.pull(reference));
    }

    /** Body: {@link ImageRequest}. */
    @Post(uri = AgentPaths.REMOVE, consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public RemoveResult remove(@Nullable @Body JsonNode body) {
        String reference = validReference(imageField(body), "field 'image'");
        runtime.remove(reference);
        return new RemoveResult(reference);
    }

    @Get(uri = AgentPaths.FS, produces = MediaType.APPLICATION_JSON)
    public FsInfo fs() {
        return new FsInfo(runtime.fsInfo());
    }

    /**
     * The {@link ImageRequest#image()} of the body, read from the JSON tree: binding the record directly
     * would coerce {@code 5}, {@code true} or {@code ["x"]} into a string instead of refusing them.
     */
    private static String imageField(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException(null, "request body must be a JSON object with a string field 'image'");
        }
        JsonNode image = body.get("image");
        if (image == null || image.isNull()) {
            return null;
        }
        if (!image.isString()) {
            throw new BadRequestException(null, "field 'image' must be a string");
        }
        return image.getStringValue();
    }

    /** Parsed strictly before the runtime sees it; the runtime gets the reference exactly as written. */
    private static String validReference(String image, String where) {
        if (image == null) {
            throw new BadRequestException(null, where + " is required (an image reference such as registry.example/app:1.0)");
        }
        ImageReference.parse(image);
        return image;
    }
}
