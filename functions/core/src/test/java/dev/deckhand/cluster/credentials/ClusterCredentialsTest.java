package dev.deckhand.cluster.credentials;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.cluster.ListedObject;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.kubernetes.client.ApiClientConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The credential modes as the production Kubernetes client sees them: built from configuration, used over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterCredentialsTest {

    private static final StaticCredentialsProvider ROLE = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

    private SandboxCluster cluster;
    private HttpServer apiServer;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws IOException {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).simulator(false).agents(false).build());
        // Stands in for an EKS API server: records the Authorization header, answers an empty node list.
        apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        apiServer.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        apiServer.start();
    }

    @AfterAll
    void stop() {
        apiServer.stop(0);
        cluster.close();
    }

    private static ApplicationContext context(Map<String, Object> properties) {
        return ApplicationContext.builder().properties(properties).singletons(ROLE).start();
    }

    private List<String> nodeNames(ApplicationContext context) throws Exception {
        return context.getBean(CoreV1Api.class).listNode().execute().getItems().stream()
                .map(V1Node::getMetadata).map(m -> m.getName()).toList();
    }

    private Map<String, Object> eks() {
        return Map.of(
                "deckhand.cluster.credentials", "eks",
                "deckhand.cluster.endpoint", "http://127.0.0.1:" + apiServer.getAddress().getPort(),
                "deckhand.cluster.eks-cluster-name", "deckhand-prod",
                "deckhand.cluster.region", "eu-west-1");
    }

    @Test
    void eksModeSendsASignedBearerTokenOnEveryRequestOfTheClient() throws Exception {
        authorizations.clear();
        try (ApplicationContext context = context(eks())) {
            assertEquals(List.of(), nodeNames(context));
            context.getBean(LeanReads.class).metadata("list nodes",
                    () -> context.getBean(CoreV1Api.class).listNode().buildCall(null));
        }
        assertEquals(2, authorizations.size(), authorizations.toString());
        assertEquals(authorizations.get(0), authorizations.get(1), "the token is cached");
        String header = authorizations.get(0);
        assertTrue(header.startsWith("Bearer k8s-aws-v1."), header);
        var query = EksTokenGeneratorTest.query(EksTokenGeneratorTest.url(header.substring("Bearer ".length())));
        assertTrue(query.get("X-Amz-Credential").startsWith("AKIDEXAMPLE/"), query.toString());
        assertTrue(query.get("X-Amz-Credential").endsWith("/eu-west-1/sts/aws4_request"), query.toString());
        assertEquals("host;x-k8s-aws-id", query.get("X-Amz-SignedHeaders"));
    }

    @Test
    void eksModeNamesTheMissingSettings() {
        Map<String, Object> partial = new HashMap<>(eks());
        partial.remove("deckhand.cluster.eks-cluster-name");
        try (ApplicationContext context = context(partial)) {
            var e = assertThrows(BeanInstantiationException.class, () -> context.getBean(ApiClient.class));
            assertTrue(e.getMessage().contains("deckhand.cluster.credentials=eks needs deckhand.cluster.eks-cluster-name"), e.getMessage());
        }
    }

    @Test
    void eksModeSendsTheTokenOverHttpsOnly() {
        Map<String, Object> remote = new HashMap<>(eks());
        remote.put("deckhand.cluster.endpoint", "http://api.example.com");
        try (ApplicationContext context = context(remote)) {
            var e = assertThrows(BeanInstantiationException.class, () -> context.getBean(ApiClient.class));
            assertTrue(e.getMessage().contains("deckhand.cluster.endpoint must be the API server's https URL"), e.getMessage());
        }
    }

    @Test
    void kubeconfigTextReachesTheCluster() throws Exception {
        String text = Files.readString(cluster.kubeconfigPath());
        try (ApplicationContext context = context(Map.of(
                "deckhand.cluster.credentials", "kubeconfig", "deckhand.cluster.kubeconfig", text))) {
            assertEquals(List.of("node-1", "node-2"), nodeNames(context));
        }
    }

    @Test
    void kubeconfigTextIsUsedWithoutNamingAMode() throws Exception {
        String text = Files.readString(cluster.kubeconfigPath());
        try (ApplicationContext context = context(Map.of("deckhand.cluster.kubeconfig", text))) {
            assertEquals(List.of("node-1", "node-2"), nodeNames(context));
        }
    }

    @Test
    void kubeconfigFileModeReachesTheCluster() throws Exception {
        try (ApplicationContext context = context(Map.of(
                "deckhand.cluster.credentials", "kubeconfig",
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString()))) {
            assertEquals(List.of("node-1", "node-2"), nodeNames(context));
        }
    }

    @Test
    void kubeconfigModeNeverFallsBackToAnotherSource() {
        try (ApplicationContext context = context(Map.of(
                "deckhand.cluster.credentials", "kubeconfig",
                "kubernetes.client.kube-config-path", "/nonexistent/kubeconfig"))) {
            var e = assertThrows(BeanInstantiationException.class, () -> context.getBean(ApiClient.class));
            assertTrue(e.getMessage().contains("no kubeconfig file at /nonexistent/kubeconfig"), e.getMessage());
        }
        try (ApplicationContext context = context(Map.of("deckhand.cluster.credentials", "kubeconfig"))) {
            var e = assertThrows(BeanInstantiationException.class, () -> context.getBean(ApiClient.class));
            assertTrue(e.getMessage().contains("needs exactly one of deckhand.cluster.kubeconfig"), e.getMessage());
        }
    }

    @Test
    void kubeconfigTextIsWrittenReadableByItsOwnerOnly() throws IOException {
        Path file = PrivateKubeconfig.write("apiVersion: v1\n");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("apiVersion: v1\n", Files.readString(file));
    }

    @Test
    void inClusterModeOutsideAPodSaysWhatIsMissing() {
        try (ApplicationContext context = context(Map.of("deckhand.cluster.credentials", "in-cluster"))) {
            assertEquals(CredentialsMode.IN_CLUSTER, context.getBean(ClusterSettings.class).credentials());
            ApiClientConfiguration client = context.getBean(ApiClientConfiguration.class);
            var e = assertThrows(ConfigurationException.class, () -> ClusterClientFactory.inCluster(client, Map.of()));
            assertTrue(e.getMessage().contains("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT not set"), e.getMessage());
        }
    }
}
