package dev.deckhand.reconciler;

import dev.deckhand.agents.AgentManifests;
import dev.deckhand.agents.AgentTemplate;
import dev.deckhand.agents.AgentTemplateSource;
import dev.deckhand.agents.AgentTemplates;
import dev.deckhand.agents.PublishedAgentTemplate;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler owns the agent template: each pass renders it from its own {@code deckhand.agent.*} settings and
 * publishes it (a read, and a write only when it changed) before rendering agents from it, so the functions, which
 * render from what is published, never undo what a pass wrote.
 */
@Singleton
@Replaces(PublishedAgentTemplate.class)
public class OwnedAgentTemplate implements AgentTemplateSource {

    private static final Logger LOG = LoggerFactory.getLogger(OwnedAgentTemplate.class);

    private final AgentTemplates published;
    private final AgentManifests own;

    public OwnedAgentTemplate(AgentTemplates published, AgentManifests own) {
        this.published = published;
        this.own = own;
    }

    @Override
    public AgentTemplate current() {
        AgentTemplate template = own.template();
        if (published.publish(template)) {
            LOG.info("published the node agent template {}", template.hashes());
        }
        return template;
    }
}
