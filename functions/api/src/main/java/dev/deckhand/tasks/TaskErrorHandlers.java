package dev.deckhand.tasks;

import dev.deckhand.api.ErrorBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** The errors of the task routes (prewarm tasks, cleanups) as {@code {"error": "..."}} with a fitting status. */
public final class TaskErrorHandlers {

    private TaskErrorHandlers() {
    }

    private static HttpResponse<ErrorBody> answer(HttpStatus status, String message) {
        return HttpResponse.<ErrorBody>status(status).body(ErrorBody.of(message));
    }

    @Singleton
    static class Invalid implements ExceptionHandler<TaskValidationException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, TaskValidationException exception) {
            return answer(HttpStatus.BAD_REQUEST, exception.getMessage());
        }
    }

    @Singleton
    static class NotFound implements ExceptionHandler<TaskNotFoundException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, TaskNotFoundException exception) {
            return answer(HttpStatus.NOT_FOUND, exception.getMessage());
        }
    }

    @Singleton
    static class Finished implements ExceptionHandler<TaskFinishedException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, TaskFinishedException exception) {
            return answer(HttpStatus.CONFLICT, exception.getMessage());
        }
    }

    @Singleton
    static class Stale implements ExceptionHandler<StaleTaskException, HttpResponse<ErrorBody>> {
        @Override
        public HttpResponse<ErrorBody> handle(HttpRequest request, StaleTaskException exception) {
            return answer(HttpStatus.CONFLICT, exception.getMessage() + " repeatedly; try again");
        }
    }
}
