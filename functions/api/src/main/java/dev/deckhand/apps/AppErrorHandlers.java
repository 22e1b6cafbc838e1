package dev.deckhand.apps;

import dev.deckhand.api.ErrorBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** The deployment routes' errors as {@code {"error": "..."}} with a fitting status. */
public final class AppErrorHandlers {

    private AppErrorHandlers() {
    }

    private static HttpResponse<ErrorBody> answer(HttpStatus status, String message) {
        return HttpResponse.<ErrorBody>status(status).body(ErrorBody.of(message));
    }

    @Singleton
    static class Invalid implements ExceptionHandler<AppValidationException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, AppValidationException exception) {
            return answer(HttpStatus.BAD_REQUEST, exception.getMessage());
        }
    }

    @Singleton
    static class NotFound implements ExceptionHandler<AppNotFoundException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, AppNotFoundException exception) {
            return answer(HttpStatus.NOT_FOUND, exception.getMessage());
        }
    }

    @Singleton
    static class Conflict implements ExceptionHandler<ObjectConflictException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, ObjectConflictException exception) {
            return answer(HttpStatus.CONFLICT, exception.getMessage());
        }
    }

    @Singleton
    static class Catalog implements ExceptionHandler<CatalogException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, CatalogException exception) {
            return answer(HttpStatus.BAD_GATEWAY, exception.getMessage());
        }
    }
}
