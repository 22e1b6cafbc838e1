package dev.deckhand.cluster;

/** The Kubernetes API server could not be reached (connection refused, DNS, TLS, timeout). Answered with 503. */
public class ClusterUnavailableException extends RuntimeException {
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
