package dev.deckhand.cluster.credentials;

import java.time.Instant;

/**
 * A bearer token for an EKS API server and when it was signed. The server accepts it for about 15 minutes
 * after {@code signedAt}.
 */
record EksToken(String value, Instant signedAt) {

    @Override
    public String toString() {
        return "EksToken[signedAt=" + signedAt + "]";
    }
}
