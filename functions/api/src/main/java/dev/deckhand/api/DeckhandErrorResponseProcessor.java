package dev.deckhand.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Gives the errors Micronaut itself raises (malformed JSON, constraint violations, unknown routes,
 * wrong methods, oversized bodies) the same {@code {"error": "..."}} body as Deckhand's own, instead
 * of Micronaut's HATEOAS shape.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class DeckhandErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        String message = context.hasErrors()
                ? context.getErrors().stream().map(Error::getMessage).distinct().collect(Collectors.joining("; "))
                : response.getStatus().getReason();
        if (message.equals(response.getStatus().getReason())) {
            message = withoutDetail(response.getStatus());
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(ErrorBody.of(message));
    }

    /** What a status means for a caller of Deckhand, when the failure gave no more words than the status's name. */
    private static String withoutDetail(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "Unauthorized: send Authorization: Bearer TOKEN with a valid, unexpired token"
                    + " (see \"Who may do what\" in the README)";
            case FORBIDDEN -> "Forbidden: the caller's roles do not allow this route";
            default -> status.getReason();
        };
    }
}
