package dev.deckhand.cluster.credentials;

import io.kubernetes.client.openapi.ApiClient;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** What a Kubernetes client holds that does not survive a snapshot being restored elsewhere and later (SnapStart). */
public final class ClusterConnections {

    private ClusterConnections() {
    }

    /**
     * Closes the client's pooled connections (their sockets belong to the process that was snapshotted) and, in
     * {@code eks} mode, drops its cached token and credentials, so that the next request connects and signs anew.
     */
    public static void reset(ApiClient client) {
        OkHttpClient http = client.getHttpClient();
        http.connectionPool().evictAll();
        for (Interceptor interceptor : http.interceptors()) {
            if (interceptor instanceof EksAuthentication eks) {
                eks.forget();
            }
        }
    }
}
