package dev.deckhand.agent.runtime;

import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.FsUsage;

import java.util.List;
import java.util.Optional;

/**
 * The node's container runtime, as far as images go. Every method throws {@link ImageRuntimeException}
 * when the runtime refuses or cannot be reached. References are passed to the runtime as data.
 */
public interface ImageRuntime {

    /** Every image the runtime holds. */
    List<AgentImage> list();

    /** The image a reference or id names, empty when the runtime does not hold it. */
    Optional<AgentImage> status(String image);

    /** Pulls an image and answers the runtime's reference of it (usually the image id). */
    String pull(String image);

    /** Removes an image with all its tags; an absent image is not an error. */
    void remove(String image);

    /** The running containers whose image is the one a reference or id names; empty when the runtime lacks it. */
    List<RunningContainer> runningContainersUsing(String image);

    /** Every image, which ones are pinned, and the containers of every state that use each (one list of each). */
    NodeInventory inventory();

    /** The filesystems holding images. */
    List<FsUsage> fsInfo();
}
