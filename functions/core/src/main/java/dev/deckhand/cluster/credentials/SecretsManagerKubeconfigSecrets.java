package dev.deckhand.cluster.credentials;

import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import software.amazon.awssdk.arns.Arn;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Reads the kubeconfig from AWS Secrets Manager with the process's AWS credentials (on Lambda, the function's role,
 * which infra/aws/template.yaml lets read that one secret). The secret is read once, when the client is built,
 * rather than passed in an environment variable: Lambda allows 4 KB of those, less than a kubeconfig with a client
 * certificate and key.
 */
@Singleton
public class SecretsManagerKubeconfigSecrets implements KubeconfigSecrets {

    @Override
    public String read(String secretArn) {
        Region region = Region.of(Arn.fromString(secretArn).region().orElseThrow(() ->
                new ConfigurationException("deckhand.cluster.kubeconfig-secret-arn has no region: " + secretArn)));
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .region(region)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String text = secrets.getSecretValue(request -> request.secretId(secretArn)).secretString();
            if (text == null || text.isBlank()) {
                throw new ConfigurationException("secret " + secretArn + " holds no kubeconfig text");
            }
            return text;
        } catch (SdkException | IllegalArgumentException e) {
            throw new ConfigurationException("could not read the kubeconfig from secret " + secretArn + ": " + e.getMessage(), e);
        }
    }
}
