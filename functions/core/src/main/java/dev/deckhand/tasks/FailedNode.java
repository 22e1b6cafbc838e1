package dev.deckhand.tasks;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Why one node failed, as seed 002's {@code failedNodeDetails} shows it.
 *
 * @param nodeName  the node
 * @param reason    a short machine-readable cause: in job mode the pod's waiting reason ({@code ErrImagePull},
 *                  {@code ImagePullBackOff}, {@code InvalidImageName}, ...) or the Job's ({@code DeadlineExceeded},
 *                  {@code BackoffLimitExceeded}); in agent mode the runtime's status code ({@code UNKNOWN},
 *                  {@code NOT_FOUND}, ...) or {@code UNAVAILABLE} when the agent could not be reached
 * @param message   the runtime's or Kubernetes' words
 * @param timestamp when the failure was recorded (RFC 3339, UTC, seconds)
 */
@Serdeable
public record FailedNode(String nodeName, String reason, String message, String timestamp) {
}
