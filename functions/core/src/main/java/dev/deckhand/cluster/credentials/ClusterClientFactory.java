package dev.deckhand.cluster.credentials;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Config;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.kubernetes.client.ApiClientConfiguration;
import io.micronaut.kubernetes.client.ApiClientFactory;
import io.micronaut.kubernetes.client.OkHttpClientLogging;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Builds the Kubernetes client's {@link ClientBuilder} from {@code deckhand.cluster.credentials}, in place of
 * micronaut-kubernetes-client's own. The {@code ApiClient} and every API bean are still made by that library
 * from this builder. An AWS credentials provider bean, when the context has one, signs EKS tokens; otherwise the
 * SDK's default chain does (on Lambda: the function's role). Credentials it cannot turn into a client (missing or
 * unusable kubeconfig, incomplete settings) fail as a {@link ClusterCredentialsException} naming what was wrong.
 */
@Factory
public class ClusterClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterClientFactory.class);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    @Singleton
    @Replaces(bean = ClientBuilder.class, factory = ApiClientFactory.class)
    ClientBuilder clientBuilder(ApiClientConfiguration client, ClusterSettings settings, KubeconfigSecrets secrets,
                                BeanProvider<AwsCredentialsProvider> awsCredentials) {
        CredentialsMode mode = settings.credentials();
        try {
            ClusterSettings cluster = settings.resolveSecret(secrets);
            ClientBuilder builder = switch (cluster.credentials()) {
                case AUTO -> cluster.hasKubeconfigText() ? fromKubeconfigText(client, cluster) : micronautDefault(client);
                case KUBECONFIG -> kubeconfig(client, cluster);
                case IN_CLUSTER -> inCluster(client, System.getenv());
                // A supplier: the provider is made again after a restore from a snapshot (ClusterConnections.reset).
                case EKS -> eks(client, cluster, () -> awsCredentials.find(null).orElseGet(() -> DefaultCredentialsProvider.builder().build()));
            };
            LOG.info("Kubernetes credentials: {}, API server {}", cluster.credentials(), builder.getBasePath());
            return new ClusterApiClientBuilder(builder.setReadTimeout(cluster.readTimeout()));
        } catch (IOException | RuntimeException e) {
            throw new ClusterCredentialsException(mode, e);
        }
    }

    /**
     * The API client, as micronaut-kubernetes-client makes it (its request logging, its calls dispatched on the IO
     * executor) but for one step: it does not make it the official client's process-wide default
     * ({@code Configuration.setDefaultApiClient}). Deckhand hands its client to every API it makes, and touching
     * {@code Configuration} makes that class create a default client of its own, whose OkHttp TLS defaults read the
     * JDK's whole trust store: the step {@link ClusterApiClientBuilder} exists to leave out.
     */
    @Singleton
    @Replaces(bean = ApiClient.class, factory = ApiClientFactory.class)
    ApiClient apiClient(ClientBuilder builder, ClusterSettings settings, @Nullable @Named(TaskExecutors.IO) ExecutorService io) {
        ApiClient client;
        try {
            client = builder.build();
        } catch (RuntimeException e) {
            // The kubeconfig's certificates and keys are read here (a client key that is not a key, say).
            throw new ClusterCredentialsException(settings.credentials(), e);
        }
        OkHttpClient.Builder http = client.getHttpClient().newBuilder().addInterceptor(new OkHttpClientLogging());
        if (io != null) {
            http.dispatcher(new Dispatcher(io));
        }
        client.setHttpClient(http.build());
        return client;
    }

    private static ClientBuilder micronautDefault(ApiClientConfiguration client) throws IOException {
        return new ApiClientFactory().clientBuilder(client);
    }

    private static ClientBuilder fromKubeconfigText(ApiClientConfiguration client, ClusterSettings cluster) throws IOException {
        Path file = PrivateKubeconfig.write(cluster.kubeconfig());
        return micronautDefault(new KubeconfigPath(client, file.toString()));
    }

    /** Unlike the default, never falls back to another source: a missing kubeconfig is an error. */
    private static ClientBuilder kubeconfig(ApiClientConfiguration client, ClusterSettings cluster) throws IOException {
        String path = client.getKubeConfigPath().orElse(null);
        if (cluster.hasKubeconfigText() == (path != null)) {
            throw new ConfigurationException("deckhand.cluster.credentials=kubeconfig needs exactly one of "
                    + "deckhand.cluster.kubeconfig (the kubeconfig text) and kubernetes.client.kube-config-path (a file)");
        }
        if (cluster.hasKubeconfigText()) {
            return fromKubeconfigText(client, cluster);
        }
        if (!new File(path).isFile()) {
            throw new ConfigurationException("kubernetes.client.kube-config-path: no kubeconfig file at " + path);
        }
        return micronautDefault(client);
    }

    static ClientBuilder inCluster(ApiClientConfiguration client, Map<String, String> environment) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String variable : List.of(Config.ENV_SERVICE_HOST, Config.ENV_SERVICE_PORT)) {
            if (environment.get(variable) == null) {
                missing.add(variable);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("deckhand.cluster.credentials=in-cluster, but this process does not run "
                    + "in a Kubernetes pod: " + String.join(" and ", missing) + " not set");
        }
        return ClientBuilder.cluster().setVerifyingSsl(client.getVerifySsl());
    }

    private static ClientBuilder eks(ApiClientConfiguration client, ClusterSettings cluster, Supplier<AwsCredentialsProvider> credentials) {
        String region = cluster.region() != null ? cluster.region() : System.getenv("AWS_REGION");
        List<String> missing = new ArrayList<>();
        if (cluster.endpoint() == null) {
            missing.add("deckhand.cluster.endpoint");
        }
        if (cluster.eksClusterName() == null) {
            missing.add("deckhand.cluster.eks-cluster-name");
        }
        if (region == null) {
            missing.add("deckhand.cluster.region (or AWS_REGION)");
        }
        if (!missing.isEmpty()) {
            throw new ConfigurationException("deckhand.cluster.credentials=eks needs " + String.join(", ", missing));
        }
        URI endpoint = URI.create(cluster.endpoint());
        boolean local = "http".equals(endpoint.getScheme()) && LOOPBACK.contains(endpoint.getHost());
        if (endpoint.getHost() == null || !("https".equals(endpoint.getScheme()) || local)) {
            throw new ConfigurationException(
                    "deckhand.cluster.endpoint must be the API server's https URL (http only to localhost), not " + endpoint);
        }
        EksTokenGenerator tokens = new EksTokenGenerator(credentials, region, cluster.eksClusterName(), Clock.systemUTC());
        ClientBuilder builder = new ClientBuilder()
                .setBasePath(cluster.endpoint())
                .setVerifyingSsl(client.getVerifySsl())
                .setAuthentication(new EksAuthentication(tokens, Clock.systemUTC(), EksAuthentication.DEFAULT_REFRESH_AFTER));
        if (cluster.caData() != null) {
            builder.setCertificateAuthority(Base64.getMimeDecoder().decode(cluster.caData()));
        }
        return builder;
    }
}
