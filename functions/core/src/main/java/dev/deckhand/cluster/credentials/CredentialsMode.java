package dev.deckhand.cluster.credentials;

/** How Deckhand authenticates to the Kubernetes API server ({@code deckhand.cluster.credentials}). */
public enum CredentialsMode {
    /**
     * The kubeconfig text of {@code deckhand.cluster.kubeconfig} when given, else what micronaut-kubernetes-client
     * does on its own: {@code kubernetes.client.kube-config-path} when that file exists, else $KUBECONFIG,
     * ~/.kube/config, the in-cluster service account.
     */
    AUTO,
    /** The pod's service account: {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} and its mounted token and CA. */
    IN_CLUSTER,
    /** A kubeconfig, from {@code deckhand.cluster.kubeconfig} (the text) or {@code kubernetes.client.kube-config-path}. */
    KUBECONFIG,
    /** An Amazon EKS cluster, with tokens signed by the function's IAM role. */
    EKS
}
