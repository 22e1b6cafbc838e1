package dev.deckhand.agents;

import java.util.Optional;

/**
 * The agent template the reconciler published in the cluster: the one source both the reconciler and the functions
 * render agents from.
 */
public interface AgentTemplates {

    /** The published template; empty when none was published yet. */
    Optional<AgentTemplate> read();

    /** Publishes {@code template} unless it is what is published already; true when it wrote. */
    boolean publish(AgentTemplate template);
}
