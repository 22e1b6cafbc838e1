package dev.deckhand.knative;

import io.micronaut.context.ApplicationContextConfiguration;
import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;

import java.util.List;
import java.util.Optional;

/**
 * Prints the port the application would listen on, resolved from this process's environment and the
 * application's configuration files as at startup (an environment alone: no beans, so it starts fast).
 */
public final class ServerPortProbe {

    private ServerPortProbe() {
    }

    public static void main(String[] args) {
        ApplicationContextConfiguration configuration = new ApplicationContextConfiguration() {
            @Override
            public List<String> getEnvironments() {
                return List.of();
            }

            @Override
            public Optional<Boolean> getDeduceEnvironments() {
                return Optional.of(false);
            }
        };
        try (Environment environment = new DefaultEnvironment(configuration).start()) {
            System.out.println("port=" + environment.getRequiredProperty("micronaut.server.port", Integer.class));
        }
    }
}
