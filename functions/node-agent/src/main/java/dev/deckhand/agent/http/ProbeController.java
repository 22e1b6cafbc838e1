package dev.deckhand.agent.http;

import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.AgentPaths;
import dev.deckhand.agent.runtime.ImageRuntime;
import dev.deckhand.agent.runtime.ImageRuntimeException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Liveness and readiness. Ready means the runtime answers an ImageFsInfo call. */
@Controller
public class ProbeController {

    private final ImageRuntime runtime;

    public ProbeController(ImageRuntime runtime) {
        this.runtime = runtime;
    }

    @Get(uri = AgentPaths.HEALTHZ, produces = MediaType.APPLICATION_JSON)
    public Probe healthz() {
        return new Probe("ok");
    }

    @Get(uri = AgentPaths.READYZ, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> readyz() {
        try {
            runtime.fsInfo();
            return HttpResponse.ok(new Probe("ready"));
        } catch (ImageRuntimeException e) {
            // Any failure, not only UNAVAILABLE: a runtime that answers with errors is not ready either.
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(new AgentError(null, e.getMessage(), e.code()));
        }
    }
}
