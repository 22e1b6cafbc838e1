package dev.deckhand.startup;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;

/**
 * Tells Micronaut there is no bootstrap context (distributed configuration read before the application's: Consul,
 * Vault, Kubernetes config maps), which Deckhand does not use: its jar holds no {@code BootstrapPropertySourceLocator}
 * (NoBootstrapContextTest checks). Left to itself, Micronaut finds that out at every start by creating every bean
 * definition reference once more, ahead of the context's own pass (about a sixth of the time to "Startup completed").
 * {@code -Dmicronaut.bootstrap.context=true} still turns it on.
 */
@ContextConfigurer
public final class NoBootstrapContext implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        builder.bootstrapEnvironment(false);
    }
}
