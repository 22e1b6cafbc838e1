package dev.deckhand.cluster.credentials;

import java.util.Locale;
import java.util.Optional;

/**
 * The Kubernetes client could not be set up from the configured credentials ({@code deckhand.cluster.credentials}: a
 * kubeconfig that is missing or that the client cannot use, in-cluster credentials outside a pod, incomplete EKS
 * settings). Not a passing failure, so not a {@code ClusterUnavailableException}: retrying does not help, changing the
 * configuration does. The functions answer it with 503 and this message.
 */
public class ClusterCredentialsException extends RuntimeException {

    ClusterCredentialsException(CredentialsMode mode, Throwable cause) {
        super("the Kubernetes client could not be set up from deckhand.cluster.credentials=" + mode.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + ": " + cause.getMessage(), cause);
    }

    /** This failure in {@code failure}'s chain of causes: a bean that needed the client (Micronaut wraps it) failed for it. */
    public static Optional<ClusterCredentialsException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClusterCredentialsException credentials) {
                return Optional.of(credentials);
            }
        }
        return Optional.empty();
    }
}
