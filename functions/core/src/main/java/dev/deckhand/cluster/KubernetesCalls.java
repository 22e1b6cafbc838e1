package dev.deckhand.cluster;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Status;

/**
 * Runs one Kubernetes client call and turns its checked {@link ApiException} into Deckhand's
 * unchecked cluster exceptions. A status of 0 means the client got no HTTP answer at all.
 */
public final class KubernetesCalls {

    @FunctionalInterface
    public interface Call<T> {
        T execute() throws ApiException;
    }

    private KubernetesCalls() {
    }

    public static <T> T call(String what, Call<T> call) {
        try {
            return call.execute();
        } catch (ApiException e) {
            throw translate(what, e);
        }
    }

    public static RuntimeException translate(String what, ApiException e) {
        if (e.getCode() == 0) {
            String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            return new ClusterUnavailableException("Kubernetes API server unreachable while trying to " + what + ": " + cause, e);
        }
        return new ClusterRequestException(e.getCode(),
                "Kubernetes API server refused to " + what + " (HTTP " + e.getCode() + "): " + bodyMessage(e), e);
    }

    /** True when the API server answered with the given status. */
    public static boolean hasStatus(Throwable e, int status) {
        return e instanceof ClusterRequestException c && c.status() == status;
    }

    private static String bodyMessage(ApiException e) {
        String body = e.getResponseBody();
        if (body == null || body.isBlank()) {
            return String.valueOf(e.getMessage());
        }
        try {
            V1Status status = JSON.getGson().fromJson(body, V1Status.class);
            if (status != null && status.getMessage() != null) {
                return status.getMessage();
            }
        } catch (RuntimeException notAStatus) {
            // fall through to the raw body
        }
        return body.length() > 300 ? body.substring(0, 300) : body;
    }
}
