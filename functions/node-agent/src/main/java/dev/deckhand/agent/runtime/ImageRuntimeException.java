package dev.deckhand.agent.runtime;

/**
 * A runtime call that failed.
 *
 * @see RuntimeCodes
 */
public class ImageRuntimeException extends RuntimeException {

    private final String code;
    private final String image;

    /**
     * @param code    the gRPC status code name the runtime answered with, one of {@link RuntimeCodes}
     *                or any other gRPC code name
     * @param image   the reference concerned, or {@code null}
     * @param message what went wrong, in the runtime's words
     */
    public ImageRuntimeException(String code, String image, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.image = image;
    }

    public String code() {
        return code;
    }

    public String image() {
        return image;
    }
}
