package dev.deckhand.tenantjobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A tenant job as the routes answer it: the Job's name and namespace, its status ({@code Pending}, {@code Running},
 * {@code Succeeded}, {@code Failed}), times, and its pods. {@code created} is set on the answer of a POST only (false:
 * an identical request had already created it); {@code log} on the answer for one job only.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantJob(String name, String namespace, String tenant, String status, Boolean created, String createdAt,
                        String startTime, String completionTime, String reason, String message, List<TenantJobPod> pods,
                        Log log) {

    /** The last lines of the newest pod's log; {@code text} null when its container has not started yet. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Log(String pod, String container, int tailLines, String text) {
    }

    TenantJob withCreated(boolean value) {
        return new TenantJob(name, namespace, tenant, status, value, createdAt, startTime, completionTime, reason, message,
                pods, log);
    }

    TenantJob withLog(Log value) {
        return new TenantJob(name, namespace, tenant, status, created, createdAt, startTime, completionTime, reason, message,
                pods, value);
    }
}
