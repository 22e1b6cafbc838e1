package dev.deckhand.lambda;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.function.aws.proxy.ApiGatewayServletRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Makes a body that is not JSON answer the same through the Lambda handlers as over HTTP
 * ({@code 400 {"error": "Invalid JSON: ..."}}): the servlet layer under the handlers wraps the parser's
 * {@link JsonSyntaxException} in a {@link CodecException}, which the Netty server never raises for a body. A
 * request with no body at all, which the servlet layer reports as a codec failure too, is answered as the server
 * answers it: the route's body argument is missing ({@code 400 {"error": "Required Body [body] not specified"}}).
 * Any other codec failure is answered as micronaut-servlet's own handler does: 400 with its message.
 */
@Singleton
@Produces
@Primary // over micronaut-servlet's package-private CodecErrorHandler, which @Replaces cannot name
public class ServletBodyErrors implements ExceptionHandler<CodecException, Object> {

    private final ExceptionHandler<JsonSyntaxException, ?> invalidJson;
    private final ExceptionHandler<UnsatisfiedRouteException, ?> missingBody;
    private final ErrorResponseProcessor<?> errors;

    public ServletBodyErrors(ExceptionHandler<JsonSyntaxException, ?> invalidJson,
                             ExceptionHandler<UnsatisfiedRouteException, ?> missingBody, ErrorResponseProcessor<?> errors) {
        this.invalidJson = invalidJson;
        this.missingBody = missingBody;
        this.errors = errors;
    }

    @Override
    public Object handle(HttpRequest request, CodecException exception) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonSyntaxException syntax) {
                return invalidJson.handle(request, syntax);
            }
            if (cause instanceof ApiGatewayServletRequest.EmptyBodyException) {
                Optional<Argument<?>> body = RouteAttributes.getRouteInfo(request).flatMap(RouteInfo::getBodyArgument);
                if (body.isPresent()) {
                    return missingBody.handle(request, new UnsatisfiedBodyRouteException(body.get().getName(), body.get()));
                }
            }
        }
        return errors.processResponse(ErrorContext.builder(request).cause(exception).errorMessage(exception.getMessage()).build(),
                HttpResponse.badRequest());
    }
}
