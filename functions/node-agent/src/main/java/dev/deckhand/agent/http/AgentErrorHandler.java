package dev.deckhand.agent.http;

import dev.deckhand.agent.api.AgentError;
import dev.deckhand.agent.api.InvalidImageReferenceException;
import dev.deckhand.agent.runtime.ImageRuntimeException;
import dev.deckhand.agent.runtime.RuntimeCodes;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every error the agent answers, as an {@link AgentError} body: no framework error shape, no stack trace.
 */
@Controller
public class AgentErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AgentErrorHandler.class);
    private static final Pattern JSON_LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");

    @Error(global = true)
    public HttpResponse<AgentError> runtimeFailure(HttpRequest<?> request, ImageRuntimeException e) {
        HttpStatus status = StatusMapping.httpStatus(e.code());
        LOG.info("{} {}: runtime answered {} ({})", request.getMethod(), request.getPath(), e.code(), e.getMessage());
        return respond(status, e.image(), e.getMessage(), e.code());
    }

    @Error(global = true)
    public HttpResponse<AgentError> invalidReference(InvalidImageReferenceException e) {
        return badRequest(e.reference(), e.getMessage());
    }

    @Error(global = true)
    public HttpResponse<AgentError> badInput(BadRequestException e) {
        return badRequest(e.image(), e.getMessage());
    }

    @Error(global = true)
    public HttpResponse<AgentError> malformedJson(JsonSyntaxException e) {
        return badRequest(null, "request body is not valid JSON: " + parserMessage(e));
    }

    @Error(global = true)
    public HttpResponse<AgentError> unreadableBody(ConversionErrorException e) {
        return badRequest(null, "request body is not an object with a string field 'image': " + parserMessage(e));
    }

    @Error(global = true)
    public HttpResponse<AgentError> undecodableBody(CodecException e) {
        return badRequest(null, "request body is not valid JSON: " + parserMessage(e));
    }

    @Error(global = true)
    public HttpResponse<AgentError> oversizedBody(ContentLengthExceededException e) {
        return respond(HttpStatus.REQUEST_ENTITY_TOO_LARGE, null, e.getMessage(), RuntimeCodes.INVALID_ARGUMENT);
    }

    @Error(global = true)
    public HttpResponse<AgentError> unsatisfied(UnsatisfiedRouteException e) {
        return badRequest(null, e.getMessage());
    }

    @Error(global = true)
    public HttpResponse<AgentError> httpStatus(HttpStatusException e) {
        HttpStatus status = e.getStatus();
        String code = status.getCode() < 500 ? RuntimeCodes.INVALID_ARGUMENT : RuntimeCodes.INTERNAL;
        return respond(status, null, e.getMessage(), code);
    }

    @Error(global = true, status = HttpStatus.NOT_FOUND)
    public HttpResponse<AgentError> noRoute(HttpRequest<?> request) {
        return respond(HttpStatus.NOT_FOUND, null, "no route " + request.getPath(), RuntimeCodes.NOT_FOUND);
    }

    @Error(global = true, status = HttpStatus.METHOD_NOT_ALLOWED)
    public HttpResponse<AgentError> wrongMethod(HttpRequest<?> request) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, null,
                "method " + request.getMethodName() + " not allowed on " + request.getPath(), RuntimeCodes.INVALID_ARGUMENT);
    }

    @Error(global = true, status = HttpStatus.UNSUPPORTED_MEDIA_TYPE)
    public HttpResponse<AgentError> wrongMediaType(HttpRequest<?> request) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null,
                "request body must be application/json", RuntimeCodes.INVALID_ARGUMENT);
    }

    @Error(global = true)
    public HttpResponse<AgentError> unexpected(HttpRequest<?> request, Throwable e) {
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, null, "internal error: " + e.getClass().getSimpleName(),
                RuntimeCodes.INTERNAL);
    }

    private static HttpResponse<AgentError> badRequest(String image, String message) {
        return respond(HttpStatus.BAD_REQUEST, image, message, RuntimeCodes.INVALID_ARGUMENT);
    }

    private static MutableHttpResponse<AgentError> respond(HttpStatus status, String image, String message, String code) {
        return HttpResponse.<AgentError>status(status).body(new AgentError(image, message, code));
    }

    /** The parser's own first line, plus where it stopped; Jackson's source excerpt is left out. */
    private static String parserMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        String firstLine = message.lines().findFirst().orElse(message).strip();
        Matcher location = JSON_LOCATION.matcher(message);
        return location.find()
                ? firstLine + " (line " + location.group(1) + ", column " + location.group(2) + ")"
                : firstLine;
    }
}
