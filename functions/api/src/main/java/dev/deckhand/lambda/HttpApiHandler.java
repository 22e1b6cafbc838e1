package dev.deckhand.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

/**
 * Lambda entry point behind an API Gateway HTTP API (payload format 2.0): every route of Deckhand, answered by
 * the same controllers as the HTTP server. Handler: {@code dev.deckhand.lambda.HttpApiHandler}.
 */
public class HttpApiHandler extends APIGatewayV2HTTPEventFunction {

    /** The stage of an HTTP API with no named stage; its paths carry no stage prefix. */
    private static final String DEFAULT_STAGE = "$default";

    /** Used by the Lambda runtime: starts the application once per execution environment. */
    public HttpApiHandler() {
    }

    /** Serves from an application that is already running (tests, or an embedding host). */
    public HttpApiHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return super.handleRequest(withoutStage(event), context);
    }

    /**
     * On a named stage an HTTP API puts the stage in the path it hands on ({@code /Prod/get/nodes} on stage
     * {@code Prod}); the route is the rest, as the REST API's path and the plain server see it.
     */
    static APIGatewayV2HTTPEvent withoutStage(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext request = event.getRequestContext();
        String stage = request == null ? null : request.getStage();
        if (stage == null || stage.isEmpty() || stage.equals(DEFAULT_STAGE)) {
            return event;
        }
        event.setRawPath(strip(event.getRawPath(), stage));
        if (request.getHttp() != null) {
            request.getHttp().setPath(strip(request.getHttp().getPath(), stage));
        }
        return event;
    }

    private static String strip(String path, String stage) {
        String prefix = "/" + stage;
        if (path == null || !path.startsWith(prefix)) {
            return path;
        }
        if (path.length() == prefix.length()) {
            return "/";
        }
        return path.charAt(prefix.length()) == '/' ? path.substring(prefix.length()) : path;
    }
}
