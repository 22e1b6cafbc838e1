package dev.deckhand.lambda;

import dev.deckhand.api.InvalidBodyException;
import io.micronaut.context.annotation.Primary;
import io.micronaut.function.aws.proxy.ApiGatewayServletRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.json.JsonSyntaxException;
import jakarta.inject.Singleton;

/**
 * Makes a body that is not JSON answer the same through the Lambda handlers as over HTTP
 * ({@code 400 {"error": "Invalid JSON: ..."}}): the servlet layer under the handlers wraps the parser's
 * {@link JsonSyntaxException} in a {@link CodecException}, which the Netty server never raises for a body. A
 * request with no body at all, which the servlet layer reports as a codec failure too, is answered as the server
 * answers it ({@link InvalidBodyException#emptyBody()}).
 * Any other codec failure is answered as micronaut-servlet's own handler does: 400 with its message.
 */
@Singleton
@Produces
@Primary // over micronaut-servlet's package-private CodecErrorHandler, which @Replaces cannot name
public class ServletBodyErrors implements ExceptionHandler<CodecException, Object> {

    private final ExceptionHandler<JsonSyntaxException, ?> invalidJson;
    private final ExceptionHandler<InvalidBodyException, ?> invalidBody;
    private final ErrorResponseProcessor<?> errors;

    public ServletBodyErrors(ExceptionHandler<JsonSyntaxException, ?> invalidJson,
                             ExceptionHandler<InvalidBodyException, ?> invalidBody, ErrorResponseProcessor<?> errors) {
        this.invalidJson = invalidJson;
        this.invalidBody = invalidBody;
        this.errors = errors;
    }

    @Override
    public Object handle(HttpRequest request, CodecException exception) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonSyntaxException syntax) {
                return invalidJson.handle(request, syntax);
            }
            if (cause instanceof ApiGatewayServletRequest.EmptyBodyException) {
                return invalidBody.handle(request, InvalidBodyException.emptyBody());
            }
        }
        return errors.processResponse(ErrorContext.builder(request).cause(exception).errorMessage(exception.getMessage()).build(),
                HttpResponse.badRequest());
    }
}
