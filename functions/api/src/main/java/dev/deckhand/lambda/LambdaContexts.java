package dev.deckhand.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;

/**
 * The application context a Lambda handler starts: micronaut-function-aws's {@code LambdaApplicationContextBuilder}
 * (the function and lambda environments, configuration read eagerly), but with singletons made when first needed, as
 * the HTTP server makes them, instead of all of them during the Lambda's init. Every route's controller, service and client was made before the first
 * invocation could start, whichever route it asks for: the first answer came about a tenth later (same jar, 8
 * interleaved runs, 1.88 s against 1.68 s; construction 1.34 s against 0.82 s). A SnapStart snapshot still holds the
 * first request's beans: {@code SnapStartHooks} makes them before it.
 */
final class LambdaContexts {

    private LambdaContexts() {
    }

    /** LambdaApplicationContextBuilder's settings but one ({@code eagerInitSingletons(false)} cannot take it back). */
    static ApplicationContextBuilder builder() {
        return ApplicationContext.builder()
                .environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA)
                .eagerInitConfiguration(true);
    }
}
