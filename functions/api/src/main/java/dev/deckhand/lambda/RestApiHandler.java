package dev.deckhand.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction;

import java.net.URI;
import java.net.URISyntaxException;

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

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return super.handleRequest(withPathEncoded(event), context);
    }

    /**
     * A REST API hands the path on decoded ({@code /services/name/my app} for {@code my%20app}), and Micronaut builds a
     * URI of it as it is, which throws on a space, a control character or a non-ASCII one: the invocation would fail and
     * the caller get API Gateway's bare 502. Encoded again, the path reaches the routes (and the text rule) as it does
     * over HTTP.
     */
    static APIGatewayProxyRequestEvent withPathEncoded(APIGatewayProxyRequestEvent event) {
        String path = event.getPath();
        if (path == null) {
            return event;
        }
        try {
            event.setPath(new URI(null, null, path, null).toASCIIString());
        } catch (URISyntaxException e) {
            // Not a path at all (e.g. "a:b" read as a scheme): left as it came, for the router to refuse.
        }
        return event;
    }
}
