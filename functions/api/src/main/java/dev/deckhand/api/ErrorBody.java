package dev.deckhand.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Every error Deckhand answers: what went wrong, and for image operations the image concerned and the
 * runtime's reason code ({@code NOT_FOUND}, {@code UNKNOWN}, ...), in the spirit of seed 000's answers.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String image, String error, String reason) {

    public static ErrorBody of(String error) {
        return new ErrorBody(null, error, null);
    }
}
