package dev.deckhand.tenantjobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One pod of a tenant job: its phase, when its container started and finished, and why it ended (the terminated
 * container's reason and exit code) or why it waits (e.g. {@code ImagePullBackOff}).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantJobPod(String name, String phase, String startTime, String completionTime, Integer exitCode,
                           String reason, String message) {
}
