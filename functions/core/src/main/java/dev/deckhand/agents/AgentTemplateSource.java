package dev.deckhand.agents;

/** Where a node-agent pass gets the template it renders agents from. */
@FunctionalInterface
public interface AgentTemplateSource {

    AgentTemplate current();
}
