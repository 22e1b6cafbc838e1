package dev.deckhand.startup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.deckhand.lambda.HttpApiHandler;
import io.micronaut.function.aws.proxy.MockLambdaContext;

import java.util.Map;

/**
 * Run with the shaded jar on the class path (by {@link ShadedJarIT}): builds the HTTP API handler as the Lambda runtime
 * does and sends it one {@code GET /get/nodes} with the bearer token of {@code args[0]}; prints status and body.
 * Uses only classes the jar holds.
 */
public final class LambdaOnce {

    private LambdaOnce() {
    }

    public static void main(String[] args) throws Exception {
        try (HttpApiHandler handler = new HttpApiHandler()) {
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0").withRouteKey("$default").withRawPath("/get/nodes").withRawQueryString("")
                    .withHeaders(Map.of("accept", "application/json", "authorization", "Bearer " + args[0]))
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod("GET").withPath("/get/nodes").withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                            .build())
                    .build();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, new MockLambdaContext());
            System.out.println("status=" + response.getStatusCode() + " body=" + response.getBody());
        }
        System.exit(0);
    }
}
