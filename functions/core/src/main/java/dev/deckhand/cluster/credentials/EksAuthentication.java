package dev.deckhand.cluster.credentials;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.credentials.Authentication;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Sends {@code Authorization: Bearer <EKS token>} on every request of the Kubernetes client, making a new token
 * once the cached one is {@code refreshAfter} old (tokens are accepted for about 15 minutes).
 */
final class EksAuthentication implements Authentication, Interceptor {

    static final Duration DEFAULT_REFRESH_AFTER = Duration.ofMinutes(10);

    private final Supplier<EksToken> tokens;
    private final Clock clock;
    private final Duration refreshAfter;
    private EksToken current;

    EksAuthentication(Supplier<EksToken> tokens, Clock clock, Duration refreshAfter) {
        this.tokens = tokens;
        this.clock = clock;
        this.refreshAfter = refreshAfter;
    }

    @Override
    public void provide(ApiClient client) {
        client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(this).build());
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request().newBuilder().header("Authorization", "Bearer " + token().value()).build();
        return chain.proceed(request);
    }

    /**
     * Drops the cached token and, when the tokens come from an {@link EksTokenGenerator}, the credentials they are
     * signed with: the next request signs a fresh token. For a restore from a snapshot, where both may be stale.
     */
    synchronized void forget() {
        current = null;
        if (tokens instanceof EksTokenGenerator generator) {
            generator.renewCredentials();
        }
    }

    /** The cached token, or a new one when it is due. */
    synchronized EksToken token() throws IOException {
        if (current == null || !clock.instant().isBefore(current.signedAt().plus(refreshAfter))) {
            try {
                current = tokens.get();
            } catch (RuntimeException e) {
                // An IOException makes the client report "no answer", which Deckhand turns into a 503 with this text.
                throw new IOException("cannot make an EKS token: " + e.getMessage(), e);
            }
        }
        return current;
    }
}
