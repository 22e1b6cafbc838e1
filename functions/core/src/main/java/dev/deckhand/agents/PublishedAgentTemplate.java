package dev.deckhand.agents;

import jakarta.inject.Singleton;

/**
 * The template the reconciler published, so that the functions' {@code GET /update/monitor} and the reconciler's
 * passes render exactly the same agents, whatever the functions' own {@code deckhand.agent.*} settings or version;
 * before any reconciler has published one (the functions alone, e.g. the sandbox without its daemon), this process's
 * own. The reconciler publishes its template at the start of each pass (a write only when it changed).
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
