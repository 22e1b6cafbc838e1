package dev.deckhand.cluster.credentials;

/** Where a kubeconfig kept as a secret is read from, at start-up, by its ARN. */
public interface KubeconfigSecrets {

    /** The secret's text. */
    String read(String secretArn);
}
