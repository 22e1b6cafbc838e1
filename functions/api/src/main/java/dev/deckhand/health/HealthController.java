package dev.deckhand.health;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import dev.deckhand.api.ErrorBody;
import dev.deckhand.cluster.KubernetesCalls;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Liveness (the process answers) and readiness (the Kubernetes API answers). */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "health")
public class HealthController {

    private final CoreV1Api core;

    public HealthController(CoreV1Api core) {
        this.core = core;
    }

    @Serdeable
    public record Health(String status) {
    }

    @Operation(summary = "Liveness: 200 while the process runs")
    @Get("/healthz")
    public Health healthz() {
        return new Health("ok");
    }

    @Operation(summary = "Readiness: 200 when the Kubernetes API server answers, 503 otherwise")
    @Get("/readyz")
    public HttpResponse<?> readyz() {
        try {
            KubernetesCalls.call("list nodes", () -> core.listNode().limit(1).execute());
            return HttpResponse.ok(new Health("ready"));
        } catch (RuntimeException e) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(ErrorBody.of(e.getMessage()));
        }
    }
}
