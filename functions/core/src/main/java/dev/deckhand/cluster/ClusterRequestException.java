package dev.deckhand.cluster;

/** The Kubernetes API server answered a request with an error Deckhand cannot recover from. Answered with 502. */
public class ClusterRequestException extends RuntimeException {
    private final int status;

    public ClusterRequestException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The API server's HTTP status. */
    public int status() {
        return status;
    }
}
