package dev.deckhand.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/**
 * Lambda entry point behind an API Gateway HTTP API (payload format 2.0): every route of Deckhand, answered by
 * the same controllers as the HTTP server. Handler: {@code dev.deckhand.lambda.HttpApiHandler}.
 */
public class HttpApiHandler extends APIGatewayV2HTTPEventFunction {

    /** Used by the Lambda runtime: starts the application once per execution environment. */
    public HttpApiHandler() {
    }

    /** Serves from an application that is already running (tests, or an embedding host). */
    public HttpApiHandler(ApplicationContext context) {
        super(context);
    }
}
