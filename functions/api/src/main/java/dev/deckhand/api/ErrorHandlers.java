package dev.deckhand.api;

import dev.deckhand.agent.api.InvalidImageReferenceException;
import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import dev.deckhand.cluster.credentials.ClusterCredentialsException;
import dev.deckhand.images.AgentCallException;
import dev.deckhand.images.AgentUnreachableException;
import dev.deckhand.nodes.UnknownNodeException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;

import java.util.Comparator;
import java.util.stream.Collectors;

/** Turns Deckhand's exceptions into answers with a fitting status and an {@link ErrorBody}. */
public final class ErrorHandlers {

    private ErrorHandlers() {
    }

    /** The status and body for a failure, shared by the global handlers and the image routes. */
    public static HttpResponse<ErrorBody> respond(Throwable failure, String image) {
        if (failure instanceof InvalidImageReferenceException e) {
            return HttpResponse.<ErrorBody>status(HttpStatus.BAD_REQUEST).body(new ErrorBody(image, "image: " + e.getMessage(), null));
        }
        if (failure instanceof UnknownNodeException e) {
            return HttpResponse.<ErrorBody>status(HttpStatus.NOT_FOUND).body(new ErrorBody(image, e.getMessage(), null));
        }
        if (failure instanceof AgentCallException e) {
            return HttpResponse.<ErrorBody>status(HttpStatus.valueOf(agentStatus(e.status())))
                    .body(new ErrorBody(image, e.error().error(), e.error().code()));
        }
        if (failure instanceof AgentUnreachableException e) {
            return HttpResponse.<ErrorBody>status(HttpStatus.SERVICE_UNAVAILABLE).body(new ErrorBody(image, e.getMessage(), "UNAVAILABLE"));
        }
        if (failure instanceof ClusterUnavailableException || failure instanceof ClusterCredentialsException) {
            return HttpResponse.<ErrorBody>status(HttpStatus.SERVICE_UNAVAILABLE).body(new ErrorBody(image, failure.getMessage(), null));
        }
        if (failure instanceof ClusterRequestException e) {
            return HttpResponse.<ErrorBody>status(HttpStatus.BAD_GATEWAY).body(new ErrorBody(image, e.getMessage(), null));
        }
        if (failure instanceof InvalidBodyException e) {
            return HttpResponse.<ErrorBody>status(HttpStatus.BAD_REQUEST).body(new ErrorBody(image, e.getMessage(), null));
        }
        if (failure instanceof ConstraintViolationException e) {
            return HttpResponse.<ErrorBody>status(HttpStatus.BAD_REQUEST).body(new ErrorBody(image, violations(e), null));
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    /** An agent's own statuses are kept when they are errors a caller can act on; anything else is a bad gateway. */
    private static int agentStatus(int status) {
        return switch (status) {
            case 400, 404, 409, 503 -> status;
            default -> 502;
        };
    }

    private static String violations(ConstraintViolationException e) {
        return e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ConstraintViolation::getMessage)
                .distinct()
                .collect(Collectors.joining("; "));
    }

    @Singleton
    static class UnknownNode implements ExceptionHandler<UnknownNodeException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, UnknownNodeException exception) {
            return respond(exception, null);
        }
    }

    @Singleton
    static class InvalidImage implements ExceptionHandler<InvalidImageReferenceException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, InvalidImageReferenceException exception) {
            return respond(exception, exception.reference());
        }
    }

    @Singleton
    static class AgentCall implements ExceptionHandler<AgentCallException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, AgentCallException exception) {
            return respond(exception, exception.error().image());
        }
    }

    @Singleton
    static class AgentUnreachable implements ExceptionHandler<AgentUnreachableException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, AgentUnreachableException exception) {
            return respond(exception, null);
        }
    }

    @Singleton
    static class ClusterUnavailable implements ExceptionHandler<ClusterUnavailableException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, ClusterUnavailableException exception) {
            return respond(exception, null);
        }
    }

    /**
     * A bean the request needed could not be made. When that is because the Kubernetes client could not be set up from
     * the configured credentials (the client is made on first use, inside the first request's beans), 503 with what was
     * wrong, as for an unreachable API server, and not Micronaut's bean path. Any other failure is thrown on, and
     * Micronaut makes of it what it did without this handler: logged with its stack trace, and a 500.
     */
    @Singleton
    static class BeanFailure implements ExceptionHandler<BeanInstantiationException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, BeanInstantiationException exception) {
            return respond(ClusterCredentialsException.in(exception).orElseThrow(() -> exception), null);
        }
    }

    @Singleton
    static class ClusterRequest implements ExceptionHandler<ClusterRequestException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, ClusterRequestException exception) {
            return respond(exception, null);
        }
    }

    @Singleton
    static class InvalidBody implements ExceptionHandler<InvalidBodyException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, InvalidBodyException exception) {
            return respond(exception, null);
        }
    }

    /** A body whose Content-Encoding it is not (labelled gzip, not gzip): the client's fault, not the server's. */
    @Singleton
    static class Undecodable implements ExceptionHandler<DecompressionException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, DecompressionException exception) {
            return HttpResponse.<ErrorBody>status(HttpStatus.BAD_REQUEST).body(ErrorBody.of("request body does not match its "
                    + "Content-Encoding " + request.getHeaders().get("Content-Encoding") + ": " + exception.getMessage()));
        }
    }

    /** Field errors name the JSON field in their message, so the answer lists the messages alone. */
    @Singleton
    @Replaces(ConstraintExceptionHandler.class)
    static class Violations implements ExceptionHandler<ConstraintViolationException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, ConstraintViolationException exception) {
            return respond(exception, null);
        }
    }
}
