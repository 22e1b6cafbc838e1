package dev.deckhand.tenantjobs;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Templates read from seed 003's tenant service ({@code TENANT_SERVICE_URL}): a small HTTP server in the test answers
 * {@code GET /service/v1/tenants/{id}} with tenant resources whose {@code templates} field holds seed 003's podTemplate.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantServiceTemplateTest implements TestPropertyProvider {

    /** Seed 003's podTemplate, verbatim but for the comments. */
    static final String SEED_TEMPLATE = """
            {"apiVersion": "batch/v1", "kind": "job", "metadata": {"name": "job-{}-{}"},
             "spec": {"ttlSecondsAfterFinished": 0, "template": {"spec": {
               "containers": [{"name": "copy", "image": "registry.example/busybox:1.36", "imagePullPolicy": "IfNotPresent",
                               "args": ["/bin/sh", "-c", "{}"], "volumeMounts": []}],
               "restartPolicy": "Never", "volumes": []}}}}""";

    private SandboxCluster cluster;
    private HttpServer tenantService;
    private final Map<String, String> tenants = new ConcurrentHashMap<>();

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).build());
        try {
            tenantService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tenantService.createContext("/service/v1/tenants/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/service/v1/tenants/".length());
            String body = tenants.get(id);
            byte[] bytes = (body == null ? "{\"error\":\"no such tenant\"}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        tenantService.start();
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.namespace", "deckhand",
                "deckhand.tenant-jobs.tenant-service-url",
                "http://127.0.0.1:" + tenantService.getAddress().getPort() + "/service/v1/tenants");
    }

    @AfterAll
    void stop() {
        tenantService.stop(0);
        cluster.close();
    }

    @Test
    void theTenantServicesTemplateIsUsedWhenItHasOne() {
        tenants.put("tenant-a", "{\"id\":\"tenant-a\",\"name\":\"Tenant A\",\"templates\":" + SEED_TEMPLATE + "}");
        ApiTestSupport api = new ApiTestSupport(server.getURL(), json);
        ApiTestSupport.Answer created = api.post("/pods",
                "{\"tenant\":\"tenant-a\",\"cmd\":\"cp -r /src/* /dest/\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/src\"}]}");
        assertEquals(200, created.status(), created.body());
        Job job = cluster.client().batch().v1().jobs().inNamespace("tenant-a").withName(created.text("name")).get();
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry.example/busybox:1.36", container.getImage());
        assertEquals(List.of("/bin/sh", "-c", "cp -r /src/* /dest/"), container.getArgs());
        assertEquals(0, job.getSpec().getTtlSecondsAfterFinished(), "the template's own ttlSecondsAfterFinished is kept");
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());

        TemplateHttp.Answer read = new TemplateHttp(server.getURL(), json).get("tenant-a");
        assertEquals("tenant-service", read.text("source"), read.body());
    }

    @Test
    void aTenantTheServiceDoesNotKnowOrWithoutATemplateGetsTheDefault() {
        tenants.put("tenant-b", "{\"id\":\"tenant-b\",\"templates\":null}");
        TemplateHttp templates = new TemplateHttp(server.getURL(), json);
        assertEquals("default", templates.get("tenant-b").text("source"));
        tenants.remove("tenant-b");
        assertEquals("default", templates.get("tenant-b").text("source"));
    }

    @Test
    void anUnacceptableTemplateFromTheServiceIsABadGatewayAndCreatesNothing() {
        tenants.put("tenant-b", "{\"templates\":[" + SEED_TEMPLATE.replace("\"restartPolicy\": \"Never\"",
                "\"restartPolicy\": \"Never\", \"hostNetwork\": true") + "]}");
        int before = cluster.client().batch().v1().jobs().inAnyNamespace().list().getItems().size();
        ApiTestSupport.Answer answer = new ApiTestSupport(server.getURL(), json).post("/pods",
                "{\"tenant\":\"tenant-b\",\"cmd\":\"true\"}");
        assertEquals(502, answer.status(), answer.body());
        assertTrue(answer.text("error").contains("hostNetwork"), answer.body());
        assertEquals(before, cluster.client().batch().v1().jobs().inAnyNamespace().list().getItems().size());
        tenants.remove("tenant-b");
    }
}
