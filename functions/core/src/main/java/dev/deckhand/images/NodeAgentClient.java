package dev.deckhand.images;

import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.CleanupRequest;
import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.agent.api.PullResult;
import dev.deckhand.agent.api.RemoveResult;

import java.util.List;

/**
 * Calls the agent of one node.
 *
 * @see AgentCallException the agent answered with an error
 * @see AgentUnreachableException the agent did not answer
 */
public interface NodeAgentClient {

    List<AgentImage> listImages(String node);

    PullResult pull(String node, String image);

    /**
     * Removes an image with all its tags. Unless {@code force}, the agent refuses (409 {@code FAILED_PRECONDITION},
     * naming them) an image that running containers use.
     */
    RemoveResult remove(String node, String image, boolean force);

    /** Removes (or with {@code dryRun} reports) the images a cleanup's rules select that no container uses. */
    CleanupResult cleanup(String node, CleanupRequest request);
}
