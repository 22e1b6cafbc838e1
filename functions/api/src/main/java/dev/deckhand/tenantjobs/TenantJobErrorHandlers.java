package dev.deckhand.tenantjobs;

import dev.deckhand.api.ErrorBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** The tenant job routes' errors as {@code {"error": "..."}} with a fitting status. */
public final class TenantJobErrorHandlers {

    private TenantJobErrorHandlers() {
    }

    private static HttpResponse<ErrorBody> answer(HttpStatus status, String message) {
        return HttpResponse.<ErrorBody>status(status).body(ErrorBody.of(message));
    }

    @Singleton
    static class Invalid implements ExceptionHandler<TenantJobValidationException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, TenantJobValidationException exception) {
            return answer(HttpStatus.BAD_REQUEST, exception.getMessage());
        }
    }

    @Singleton
    static class UnknownTenant implements ExceptionHandler<UnknownTenantException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, UnknownTenantException exception) {
            return answer(HttpStatus.NOT_FOUND, exception.getMessage());
        }
    }

    @Singleton
    static class NotFound implements ExceptionHandler<TenantJobNotFoundException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, TenantJobNotFoundException exception) {
            return answer(HttpStatus.NOT_FOUND, exception.getMessage());
        }
    }

    @Singleton
    static class TooMany implements ExceptionHandler<TenantJobLimitException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, TenantJobLimitException exception) {
            return answer(HttpStatus.TOO_MANY_REQUESTS, exception.getMessage());
        }
    }

    @Singleton
    static class Conflict implements ExceptionHandler<TenantJobConflictException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, TenantJobConflictException exception) {
            return answer(HttpStatus.CONFLICT, exception.getMessage());
        }
    }

    @Singleton
    static class TenantService implements ExceptionHandler<TenantServiceException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, TenantServiceException exception) {
            return answer(exception.unreachable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY, exception.getMessage());
        }
    }
}
