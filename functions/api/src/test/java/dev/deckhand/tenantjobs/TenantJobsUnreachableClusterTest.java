package dev.deckhand.tenantjobs;

import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tenant job routes with no API server behind the kubeconfig: a clear 503, never a stack trace; bad input is still a 400. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantJobsUnreachableClusterTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("kubernetes.client.kube-config-path", SandboxCluster.unreachableKubeconfig().toString());
    }

    @Test
    void everyRouteAnswers503WithAClearMessage() {
        ApiTestSupport api = new ApiTestSupport(server.getURL(), json);
        TemplateHttp templates = new TemplateHttp(server.getURL(), json);
        List<Integer> statuses = List.of(
                api.post("/pods", "{\"tenant\":\"tenant-a\",\"cmd\":\"true\"}").status(),
                api.get("/pods?tenant=tenant-a").status(),
                api.get("/pods?tenant=tenant-a&name=job-tenant-a-0123456789").status(),
                api.delete("/pods?tenant=tenant-a&name=job-tenant-a-0123456789").status(),
                templates.get("tenant-a").status(),
                templates.put("tenant-a", "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\"}").status());
        assertEquals(List.of(503, 503, 503, 503, 503, 503), statuses);
        ApiTestSupport.Answer answer = api.post("/pods", "{\"tenant\":\"tenant-a\",\"cmd\":\"true\"}");
        assertTrue(answer.text("error").contains("Kubernetes API server unreachable"), answer.body());
        assertFalse(answer.body().contains("at io."), "no stack trace");
        // Checks that need no cluster come first.
        assertEquals(400, api.post("/pods", "{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[{\"pvc\":\"d\",\"mount\":\"rel\"}]}").status());
    }
}
