package dev.deckhand.services;

import dev.deckhand.api.ErrorBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Seed 001's two error answers, exactly: {@code 404 {"error": "Not found"}} and {@code 400 {"error": "Bad Request"}}.
 * Only the services routes raise these exceptions. Why a request was refused goes to header
 * {@value #DETAIL_HEADER}, leaving the seed's body as it was.
 */
public final class ServicesErrorHandlers {

    public static final String DETAIL_HEADER = "Deckhand-Error-Detail";

    private ServicesErrorHandlers() {
    }

    /** A header value: printable ASCII, one line, bounded. */
    static String headerSafe(String text) {
        String safe = String.valueOf(text).replaceAll("[^\\x20-\\x7e]", "?");
        return safe.length() > 300 ? safe.substring(0, 300) : safe;
    }

    @Singleton
    static class NotFound implements ExceptionHandler<ServiceNotFoundException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, ServiceNotFoundException exception) {
            return HttpResponse.<ErrorBody>status(HttpStatus.NOT_FOUND).body(ErrorBody.of("Not found"));
        }
    }

    /** Not seed 001's (it has no 409): {@code {"error": "node port 30080 is already held by Service default/web"}}. */
    @Singleton
    static class NodePortTaken implements ExceptionHandler<NodePortTakenException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, NodePortTakenException exception) {
            return HttpResponse.<ErrorBody>status(HttpStatus.CONFLICT).body(ErrorBody.of(exception.getMessage()));
        }
    }

    @Singleton
    static class InComposeFile implements ExceptionHandler<ServiceInComposeFileException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, ServiceInComposeFileException exception) {
            return HttpResponse.<ErrorBody>status(HttpStatus.CONFLICT).body(ErrorBody.of(exception.getMessage()));
        }
    }

    @Singleton
    static class BadRequest implements ExceptionHandler<BadServiceRequestException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, BadServiceRequestException exception) {
            return HttpResponse.<ErrorBody>status(HttpStatus.BAD_REQUEST).header(DETAIL_HEADER, headerSafe(exception.getMessage()))
                    .body(ErrorBody.of("Bad Request"));
        }
    }
}
