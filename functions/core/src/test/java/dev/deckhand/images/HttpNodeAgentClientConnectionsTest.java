package dev.deckhand.images;

import dev.deckhand.agents.AgentSettings;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpNodeAgentClientConnectionsTest {

    @Test
    void droppingConnectionsGivesTheNextCallANewClient() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("deckhand.agent.token", "t".repeat(40))).start()) {
            HttpNodeAgentClient agents = new HttpNodeAgentClient(context.getBean(AgentSettings.class),
                    context.getBean(io.micronaut.serde.ObjectMapper.class));
            OkHttpClient before = agents.httpClient();
            agents.dropConnections();
            assertNotSame(before, agents.httpClient());
        }
    }

    @Test
    void plainHttpAgentsGetACleartextOnlyClientAndHttpsAgentsTls() {
        assertEquals(List.of(ConnectionSpec.CLEARTEXT), clientFor("http://{service}.{namespace}.svc:8090").httpClient().connectionSpecs());
        HttpNodeAgentClient plain = clientFor("HTTP://agent-{node}:8090");
        plain.dropConnections();
        assertEquals(List.of(ConnectionSpec.CLEARTEXT), plain.httpClient().connectionSpecs());
        OkHttpClient tls = clientFor("https://{service}.{namespace}.svc:8443").httpClient();
        assertTrue(tls.connectionSpecs().stream().anyMatch(ConnectionSpec::isTls), tls.connectionSpecs().toString());
        assertTrue(tls.hostnameVerifier() != null && tls.x509TrustManager() != null, "verifies the agent's certificate");
    }

    @Test
    void anInterruptedCallEndsAtOnce() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        agent.setExecutor(Executors.newCachedThreadPool());
        agent.createContext("/", exchange -> {
            arrived.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        agent.start();
        try {
            HttpNodeAgentClient agents = clientFor("http://127.0.0.1:" + agent.getAddress().getPort());
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    agents.pull("node-1", "docker.io/library/nginx:1.27");
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            worker.start();
            assertTrue(arrived.await(10, TimeUnit.SECONDS), "the pull reached the agent");
            worker.interrupt();
            worker.join(5_000);
            assertFalse(worker.isAlive(), "an interrupted pull (a cancelled prewarm's worker) still waits for the agent");
            assertInstanceOf(AgentUnreachableException.class, failure.get());
        } finally {
            release.countDown();
            agent.stop(0);
        }
    }

    private static HttpNodeAgentClient clientFor(String urlTemplate) {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("deckhand.agent.token", "t".repeat(40), "deckhand.agent.url-template", urlTemplate)).start()) {
            return new HttpNodeAgentClient(context.getBean(AgentSettings.class), context.getBean(io.micronaut.serde.ObjectMapper.class));
        }
    }
}
