package dev.deckhand.cluster.credentials;

import dev.deckhand.nodes.NodeDirectory;
import dev.deckhand.nodes.NodeInfo;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deckhand.cluster.kubeconfig-secret-arn: the kubeconfig is read from the secret store when the client is built. */
class KubeconfigSecretTest {

    static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:deckhand-kubeconfig-AbCdEf";

    /** The secret store, holding the sandbox's kubeconfig under {@link #ARN}. */
    @Singleton
    @Replaces(SecretsManagerKubeconfigSecrets.class)
    @Requires(property = "test.kubeconfig-secret.file")
    static class SecretStore implements KubeconfigSecrets {
        private final String file;

        SecretStore(@io.micronaut.context.annotation.Value("${test.kubeconfig-secret.file}") String file) {
            this.file = file;
        }

        @Override
        public String read(String secretArn) {
            assertEquals(ARN, secretArn);
            try {
                return Files.readString(java.nio.file.Path.of(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void theClientUsesTheKubeconfigReadFromTheSecret() {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).simulator(false).agents(false).build());
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "deckhand.cluster.credentials", "kubeconfig",
                     "deckhand.cluster.kubeconfig-secret-arn", ARN,
                     "test.kubeconfig-secret.file", cluster.kubeconfigPath().toString()))) {
            List<String> nodes = context.getBean(NodeDirectory.class).list().stream().map(NodeInfo::name).toList();
            assertEquals(List.of("node-1", "node-2"), nodes);
        }
    }

    @Test
    void textAndSecretTogetherAreRefused() {
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).simulator(false).agents(false).build());
             ApplicationContext context = ApplicationContext.run(Map.of(
                     "deckhand.cluster.kubeconfig", "apiVersion: v1",
                     "deckhand.cluster.kubeconfig-secret-arn", ARN,
                     "test.kubeconfig-secret.file", cluster.kubeconfigPath().toString()))) {
            Exception e = assertThrows(Exception.class, () -> context.getBean(NodeDirectory.class).list());
            String message = String.valueOf(e.getMessage()) + e.getCause();
            assertTrue(message.contains("not both"), message);
        }
    }
}
