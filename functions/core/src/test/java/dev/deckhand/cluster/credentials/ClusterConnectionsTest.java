package dev.deckhand.cluster.credentials;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a restore from a snapshot resets in a Kubernetes client in eks mode: pooled connections, token, credentials. */
class ClusterConnectionsTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void call(ApiClient client) throws IOException {
        try (Response response = client.getHttpClient().newCall(new Request.Builder().url(client.getBasePath() + "/api").build()).execute()) {
            assertEquals(200, response.code());
        }
    }

    @Test
    void resetClosesPooledConnectionsAndSignsTheNextCallWithFreshCredentials() throws IOException {
        AtomicInteger providersMade = new AtomicInteger();
        Supplier<AwsCredentialsProvider> source = () -> StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDEXAMPLE" + providersMade.incrementAndGet(), "secret"));
        Clock clock = Clock.fixed(Instant.parse("2024-05-14T09:30:15Z"), ZoneOffset.UTC);
        EksTokenGenerator tokens = new EksTokenGenerator(source, "eu-west-1", "deckhand-prod", clock);
        ApiClient client = new ClientBuilder()
                .setBasePath("http://127.0.0.1:" + server.getAddress().getPort())
                .setAuthentication(new EksAuthentication(tokens, clock, Duration.ofMinutes(10)))
                .build();

        call(client);
        call(client);
        assertEquals(1, providersMade.get(), "one provider while nothing is reset");
        assertEquals(authorizations.get(0), authorizations.get(1), "the cached token, within its refresh period");
        assertEquals(1, client.getHttpClient().connectionPool().connectionCount(), "the connection is kept for the next call");

        ClusterConnections.reset(client);

        assertEquals(0, client.getHttpClient().connectionPool().connectionCount(), "no connection of the snapshotted process is kept");
        call(client);
        assertEquals(2, providersMade.get(), "the credentials provider is made again");
        assertNotEquals(authorizations.get(1), authorizations.get(2), "a token signed after the restore, with the new credentials");
        assertTrue(authorizations.get(2).startsWith("Bearer k8s-aws-v1."), authorizations.get(2));
    }
}
