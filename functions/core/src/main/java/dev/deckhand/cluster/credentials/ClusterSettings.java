package dev.deckhand.cluster.credentials;

import dev.deckhand.cluster.Redacted;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Which cluster Deckhand talks to and with which credentials ({@code deckhand.cluster.*}).
 *
 * @param credentials    {@code auto} (default), {@code in-cluster}, {@code kubeconfig} or {@code eks}
 * @param kubeconfig     a whole kubeconfig as text (e.g. an environment variable filled from a secret store)
 * @param kubeconfigSecretArn an AWS Secrets Manager secret holding the kubeconfig text, read at start-up
 * @param endpoint       EKS: the API server's URL
 * @param caData         EKS: the cluster's certificate authority, base64 (the kubeconfig's certificate-authority-data)
 * @param eksClusterName EKS: the cluster's name, which the token is signed for
 * @param region         EKS: the cluster's AWS region; {@code AWS_REGION} (set by Lambda) when absent
 * @param readTimeout    longest wait for the API server's next bytes (not for a whole answer: a large LIST streams
 *                       for longer): past it a call fails as the cluster being unavailable, a 503, instead of
 *                       hanging on an overloaded or half-dead API server. The client library's default is none.
 */
@ConfigurationProperties("deckhand.cluster")
public record ClusterSettings(
        @Bindable(defaultValue = "auto") CredentialsMode credentials,
        @Nullable String kubeconfig,
        @Nullable String kubeconfigSecretArn,
        @Nullable String endpoint,
        @Nullable String caData,
        @Nullable String eksClusterName,
        @Nullable String region,
        @Bindable(defaultValue = "5s") Duration readTimeout) {

    @Override
    public String toString() {
        return "ClusterSettings[credentials=" + credentials + ", kubeconfig=" + Redacted.of(kubeconfig)
                + ", kubeconfigSecretArn=" + kubeconfigSecretArn + ", endpoint=" + endpoint + ", caData=" + caData
                + ", eksClusterName=" + eksClusterName + ", region=" + region + ", readTimeout=" + readTimeout + "]";
    }

    boolean hasKubeconfigText() {
        return kubeconfig != null && !kubeconfig.isBlank();
    }

    boolean hasKubeconfigSecret() {
        return kubeconfigSecretArn != null && !kubeconfigSecretArn.isBlank();
    }

    /** These settings with the kubeconfig text taken from its secret, when one is named. */
    ClusterSettings resolveSecret(KubeconfigSecrets secrets) {
        if (!hasKubeconfigSecret()) {
            return this;
        }
        if (hasKubeconfigText()) {
            throw new io.micronaut.context.exceptions.ConfigurationException(
                    "set deckhand.cluster.kubeconfig or deckhand.cluster.kubeconfig-secret-arn, not both");
        }
        return new ClusterSettings(credentials, secrets.read(kubeconfigSecretArn), null, endpoint, caData, eksClusterName, region, readTimeout);
    }
}
