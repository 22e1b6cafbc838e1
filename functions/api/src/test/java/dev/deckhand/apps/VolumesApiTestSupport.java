package dev.deckhand.apps;

import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.auth.TestTokens;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Seed 004 with volumes, against the sandbox: documents, deploys, and what the cluster holds. */
abstract class VolumesApiTestSupport implements TestPropertyProvider {

    static final String NS = "deckhand-apps";

    /** The seed's example with a 1Gi volume; {@code IMAGE}, {@code SIZE} and {@code EXTRA} are filled in. */
    private static final String YAML = """
            containers:
              - name: nginx
                image: "IMAGE"
                ports:
                  - name: default
                    port: 80
                volumeMounts:
                  - name: mydata
                    mountPath: /mydata
            EXTRA
            volumes:
              - name: mydata
                size: SIZE
            """;

    SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    ApiTestSupport api;
    private final HttpClient http = HttpClient.newHttpClient();

    /** The {@code deckhand.deployments.storage-class} setting, or null for the cluster's default class. */
    abstract String storageClass();

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).build());
        Map<String, String> properties = new HashMap<>(Map.of("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate()));
        if (storageClass() != null) {
            properties.put("deckhand.deployments.storage-class", storageClass());
        }
        return properties;
    }

    @BeforeAll
    void client() {
        api = new ApiTestSupport(server.getURL(), json);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Stores the document of {@code id}: nginx with {@code image}, volume mydata of {@code size}; a GPU when asked. */
    void store(String id, String image, String size, boolean gpu) {
        String yaml = YAML.replace("IMAGE", image).replace("SIZE", size)
                .replace("EXTRA\n", gpu ? "    gpu: nvidia/gpu\n" : "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", id);
        body.put("deployment", yaml);
        try {
            HttpResponse<String> stored = put("/kubernetes/services/" + id + "/document", json.writeValueAsString(body));
            assertEquals(200, stored.statusCode(), stored.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> deploy(String id) {
        return put("/kubernetes/services/" + id + "/deploy", "");
    }

    String changes(HttpResponse<String> deployed) {
        return deployed.headers().firstValue(AppsController.CHANGES_HEADER).orElse("");
    }

    String error(HttpResponse<String> answer) {
        try {
            return json.readValue(answer.body(), JsonNode.class).get("error").getStringValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Deployment deployment(String id) {
        return cluster.client().apps().deployments().inNamespace(NS).withName("svc-" + id).get();
    }

    PersistentVolumeClaim claim(String id) {
        return cluster.client().persistentVolumeClaims().inNamespace(NS).withName("svc-" + id + "-mydata").get();
    }

    String image(String id) {
        return deployment(id).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    static String phase(PersistentVolumeClaim claim) {
        return claim.getStatus() == null ? null : claim.getStatus().getPhase();
    }

    static String requested(PersistentVolumeClaim claim) {
        return claim.getSpec().getResources().getRequests().get("storage").toString();
    }

    void awaitBound(String id) {
        await(() -> claim(id) != null && "Bound".equals(phase(claim(id))), "volume of " + id + " Bound");
    }

    static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("never: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private HttpResponse<String> put(String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(server.getURL().toString().replaceAll("/$", "") + path))
                            .header("Content-Type", "application/json").header("Authorization", TestTokens.bearer(TestTokens.admin()))
                            .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
