package dev.deckhand.tenantjobs;

import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tenant may have only so many jobs in flight: one more is a 429 that creates nothing, until some finish. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantJobsInFlightCapTest implements TestPropertyProvider {

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        // Jobs run 3 s in the sandbox here, long enough for the cap to bite.
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).jobRunDuration(Duration.ofSeconds(3)).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.tenant-jobs.max-active-jobs", "2");
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private static String job(String cmd) {
        return "{\"tenant\":\"tenant-b\",\"cmd\":\"" + cmd + "\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/data\"}]}";
    }

    private int jobsOfTenantB() {
        return cluster.client().batch().v1().jobs().inNamespace("tenant-b").list().getItems().size();
    }

    @Test
    void oneJobBeyondTheCapIsA429UntilSomeFinish() throws InterruptedException {
        ApiTestSupport api = new ApiTestSupport(server.getURL(), json);
        assertEquals(200, api.post("/pods", job("echo one")).status());
        assertEquals(200, api.post("/pods", job("echo two")).status());

        ApiTestSupport.Answer third = api.post("/pods", job("echo three"));
        assertEquals(429, third.status(), third.body());
        assertTrue(third.text("error").contains("most it may have in flight is 2"), third.body());
        assertEquals(2, jobsOfTenantB(), "the refused job was not created");
        assertEquals(200, api.post("/pods", job("echo one")).status(), "a repeated request is no new job");

        Instant giveUp = Instant.now().plusSeconds(30);
        ApiTestSupport.Answer later = third;
        while (later.status() == 429 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(300);
            later = api.post("/pods", job("echo three"));
        }
        assertEquals(200, later.status(), "once the first ones finished there is room again: " + later.body());
        assertEquals(3, jobsOfTenantB());
    }
}
