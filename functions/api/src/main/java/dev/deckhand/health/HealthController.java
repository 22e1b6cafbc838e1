package dev.deckhand.health;

import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import dev.deckhand.api.ErrorBody;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.cluster.credentials.ClusterCredentialsException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.micronaut.context.BeanProvider;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Liveness (the process answers) and readiness (the Kubernetes API answers). The API client is made on the first
 * readiness check, not with the controller: liveness holds while the cluster credentials are unusable (a restart would
 * not mend them), readiness says what is wrong with them. The check is a metadata-only LIST of one node read into
 * small records ({@link LeanReads}), as GET /get/nodes reads: a probe every few seconds then asks the API server for
 * little, and the first probe of a cold start builds none of the client's generated models (about 650 classes).
 */
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "health")
public class HealthController {

    private final BeanProvider<CoreV1Api> core;
    private final BeanProvider<LeanReads> reads;

    public HealthController(BeanProvider<CoreV1Api> core, BeanProvider<LeanReads> reads) {
        this.core = core;
        this.reads = reads;
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
            CoreV1Api api = core.get();
            reads.get().metadata("list nodes", () -> api.listNode().limit(1).buildCall(null));
            return HttpResponse.ok(new Health("ready"));
        } catch (RuntimeException e) {
            String why = ClusterCredentialsException.in(e).map(RuntimeException::getMessage).orElse(e.getMessage());
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(ErrorBody.of(why));
        }
    }
}
