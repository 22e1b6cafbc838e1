package dev.deckhand.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

@OpenAPIDefinition(info = @Info(title = "Deckhand", version = "0.1.0",
        description = "Day-two Kubernetes chores as serverless functions: nodes and images, prewarm tasks, deployments, tenant jobs, services."))
public class Application {

    public static void main(String[] args) {
        // No banner: eleven lines in every cold start's log (a Lambda init, a Knative pod) and time before the context.
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
