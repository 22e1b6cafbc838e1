package dev.deckhand.cluster.credentials;

import io.micronaut.kubernetes.client.ApiClientConfiguration;

import java.util.Optional;

/** The client's own configuration with its kubeconfig path replaced, everything else ({@code verify-ssl}, ...) kept. */
record KubeconfigPath(ApiClientConfiguration delegate, String path) implements ApiClientConfiguration {

    @Override
    public Optional<String> getKubeConfigPath() {
        return Optional.of(path);
    }

    @Override
    public Optional<String> getBasePath() {
        return delegate.getBasePath();
    }

    @Override
    public Optional<String> getCaPath() {
        return delegate.getCaPath();
    }

    @Override
    public Optional<String> getTokenPath() {
        return delegate.getTokenPath();
    }

    @Override
    public Optional<String> getNamespace() {
        return delegate.getNamespace();
    }

    @Override
    public boolean getVerifySsl() {
        return delegate.getVerifySsl();
    }
}
