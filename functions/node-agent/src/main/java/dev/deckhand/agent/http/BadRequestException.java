package dev.deckhand.agent.http;

/** Input the agent refuses before calling the runtime; answered with 400 {@code INVALID_ARGUMENT}. */
public class BadRequestException extends RuntimeException {

    private final String image;

    public BadRequestException(String image, String message) {
        super(message);
        this.image = image;
    }

    public String image() {
        return image;
    }
}
