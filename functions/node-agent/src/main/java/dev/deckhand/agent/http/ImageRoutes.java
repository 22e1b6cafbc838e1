package dev.deckhand.agent.http;

import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentImageList;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.api.FsInfo;
import dev.deckhand.agent.api.ImageReference;
import dev.deckhand.agent.api.PullResult;
import dev.deckhand.agent.api.RemoveResult;
import dev.deckhand.agent.runtime.ImageRuntime;
import dev.deckhand.agent.runtime.ImageRuntimeException;
import dev.deckhand.agent.runtime.RunningContainer;
import dev.deckhand.agent.runtime.RuntimeCodes;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What each route of {@link AgentPaths} does: HTTP in, {@link ImageRuntime} out. Failures are thrown. */
final class ImageRoutes {

    private final ImageRuntime runtime;
    private final JsonBodies json;

    ImageRoutes(ImageRuntime runtime, JsonBodies json) {
        this.runtime = runtime;
        this.json = json;
    }

    Reply healthz(Request request) {
        return Reply.ok(Map.of("status", "ok"));
    }

    /** Ready means the runtime answers an ImageFsInfo call. */
    Reply readyz(Request request) {
        try {
            runtime.fsInfo();
            return Reply.ok(Map.of("status", "ready"));
        } catch (ImageRuntimeException e) {
            // Any failure, not only UNAVAILABLE: a runtime that answers with errors is not ready either.
            return new Reply(503, new AgentError(null, e.getMessage(), e.code()));
        }
    }

    Reply list(Request request) {
        return Reply.ok(new AgentImageList(runtime.list()));
    }

    Reply status(Request request) {
        String reference = validReference(request.query("image"), "query parameter 'image'");
        return Reply.ok(runtime.status(reference).orElseThrow(() -> new ImageRuntimeException(
                RuntimeCodes.NOT_FOUND, reference, "image " + reference + " not found on this node", null)));
    }

    Reply pull(Request request) {
        String reference = validReference(json.imageField(request.body()), "field 'image'");
        return Reply.ok(new PullResult(reference, runtime.pull(reference)));
    }

    /**
     * Refuses (409 {@code FAILED_PRECONDITION}) an image that running containers use, naming them, unless
     * {@code ?force=true}: the runtime itself would remove it from under them.
     */
    Reply remove(Request request) {
        boolean force = flag(request.query(AgentPaths.FORCE));
        String reference = validReference(json.imageField(request.body()), "field 'image'");
        if (!force) {
            List<RunningContainer> users = runtime.runningContainersUsing(reference);
            if (!users.isEmpty()) {
                throw new ImageRuntimeException(RuntimeCodes.FAILED_PRECONDITION, reference, "image " + reference
                        + " is in use by running container" + (users.size() == 1 ? " " : "s ")
                        + users.stream().map(RunningContainer::toString).collect(Collectors.joining(", "))
                        + "; stop them first, or remove it anyway with ?" + AgentPaths.FORCE + "=true", null);
            }
        }
        runtime.remove(reference);
        return Reply.ok(new RemoveResult(reference));
    }

    Reply fs(Request request) {
        return Reply.ok(new FsInfo(runtime.fsInfo()));
    }

    private static boolean flag(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw AgentHttpException.badRequest(null, "query parameter '" + AgentPaths.FORCE + "' must be true or false, not '" + value + "'");
    }

    /** Parsed strictly before the runtime sees it; the runtime gets the reference exactly as written. */
    private static String validReference(String image, String where) {
        if (image == null) {
            throw AgentHttpException.badRequest(null,
                    where + " is required (an image reference such as registry.example/app:1.0)");
        }
        ImageReference.parse(image);
        return image;
    }
}
