package dev.deckhand.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.deckhand.lambda.HttpApiHandler;
import io.micronaut.function.aws.proxy.MockLambdaContext;

import java.util.Map;
import java.util.UUID;

/**
 * A Lambda cold start in this JVM, without Lambda: constructs {@link HttpApiHandler} as the Lambda runtime does and
 * invokes it once with an API Gateway HTTP API (payload 2.0) event, then exits.
 *
 * <pre>java -Dkubernetes.client.kube-config-path=KUBECONFIG -cp deckhand-functions.jar:bench/target/classes dev.deckhand.bench.LambdaInvoke [PATH]</pre>
 *
 * Prints one line, {@code lambda status=200 construct_s=... invoke_s=... body=...}: the handler's construction
 * (what Lambda bills as init) and the first invocation, each timed in this process. Exits 0 on a 2xx answer.
 */
public final class LambdaInvoke {

    /** System property with the bearer token the event carries (as a client's Authorization header would). */
    public static final String TOKEN_PROPERTY = "deckhand.bench.token";

    private LambdaInvoke() {
    }

    public static void main(String[] args) throws Exception {
        String path = args.length > 0 ? args[0] : "/get/nodes";
        long started = System.nanoTime();
        int status;
        try (HttpApiHandler handler = new HttpApiHandler()) {
            long constructed = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(get(path), new MockLambdaContext());
            long invoked = System.nanoTime();
            status = response.getStatusCode();
            System.out.printf("lambda status=%d construct_s=%.3f invoke_s=%.3f body=%s%n", status,
                    (constructed - started) / 1e9, (invoked - constructed) / 1e9, response.getBody());
            System.out.flush();
        }
        System.exit(status / 100 == 2 ? 0 : 1);
    }

    /** A GET of {@code path} as an HTTP API sends it to a Lambda integration. */
    public static APIGatewayV2HTTPEvent get(String path) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.of("accept", "application/json", "host", "localhost", "user-agent", "deckhand-lambda-invoke",
                        "authorization", "Bearer " + System.getProperty(TOKEN_PROPERTY, "")))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("$default")
                        .withStage("$default")
                        .withRequestId(UUID.randomUUID().toString())
                        .withDomainName("localhost")
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET")
                                .withPath(path)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1")
                                .withUserAgent("deckhand-lambda-invoke")
                                .build())
                        .build())
                .withIsBase64Encoded(false)
                .build();
    }
}
