package dev.deckhand.agent.runtime;

import dev.deckhand.agent.api.AgentImage;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node's images and what holds them, read for a cleanup.
 *
 * @param images every image the runtime holds
 * @param pinned ids of the images the runtime pins (CRI {@code Image.pinned})
 * @param users  for an image id, the containers created from it, in any state (created, running, exited, unknown),
 *               named as {@link RunningContainer#toString()} names them
 */
public record NodeInventory(List<AgentImage> images, Set<String> pinned, Map<String, List<String>> users) {
}
