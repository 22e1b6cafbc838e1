package dev.deckhand.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

/**
 * Lambda entry point behind an API Gateway REST API (proxy integration, payload format 1.0): every route of
 * Deckhand, answered by the same controllers as the HTTP server. Handler: {@code dev.deckhand.lambda.RestApiHandler}.
 */
public class RestApiHandler extends ApiGatewayProxyRequestEventFunction {

    /** Used by the Lambda runtime: starts the application once per execution environment. */
    public RestApiHandler() {
    }

    /** Serves from an application that is already running (tests, or an embedding host). */
    public RestApiHandler(ApplicationContext context) {
        super(context);
    }
}
