package dev.deckhand.agents;

import jakarta.inject.Singleton;

/**
 * The functions' source: the template the reconciler published, so that {@code GET /update/monitor} renders exactly
 * what the reconciler renders, whatever this process's own {@code deckhand.agent.*} settings or version; before any
 * reconciler has published one (the functions alone, e.g. the sandbox without its daemon), this process's own.
 * The reconciler replaces this bean with one that publishes its template.
 */
@Singleton
public class PublishedAgentTemplate implements AgentTemplateSource {

    private final AgentTemplates published;
    private final AgentManifests own;

    public PublishedAgentTemplate(AgentTemplates published, AgentManifests own) {
        this.published = published;
        this.own = own;
    }

    @Override
    public AgentTemplate current() {
        return published.read().orElseGet(own::template);
    }
}
