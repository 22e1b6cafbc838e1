package dev.deckhand.prewarm;

import java.util.List;

/**
 * A pod of a prewarm Job as a pass reads it: what its containers are waiting for or how they ended.
 *
 * @param jobName    the owning Job ({@code job-name} label)
 * @param phase      the pod's phase
 * @param containers init containers first, then the image containers
 */
public record ObservedPod(String jobName, String phase, List<Container> containers) {

    public ObservedPod {
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    /**
     * @param name              container name
     * @param image             its image
     * @param waitingReason     {@code state.waiting.reason} ({@code ErrImagePull}, {@code ImagePullBackOff}, ...)
     * @param waitingMessage    {@code state.waiting.message}
     * @param terminatedReason  {@code state.terminated.reason}
     * @param terminatedMessage {@code state.terminated.message}
     * @param exitCode          {@code state.terminated.exitCode}, null when not terminated
     */
    public record Container(String name, String image, String waitingReason, String waitingMessage,
                            String terminatedReason, String terminatedMessage, Integer exitCode) {
    }
}
