package dev.deckhand.sandbox;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.util.Config;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 5,000 nodes, as the benchmark uses them. Timings are printed, not asserted. */
class LargeClusterTest {

    @Test
    void fiveThousandNodesAreSeededAndUsable() throws Exception {
        long t0 = System.nanoTime();
        try (SandboxCluster cluster = SandboxCluster.builder().nodes(5000).start()) {
            System.out.printf("sandbox with 5000 nodes started in %d ms (cluster startupTime %d ms)%n",
                    (System.nanoTime() - t0) / 1_000_000, cluster.startupTime().toMillis());
            ApiClient api = Config.fromConfig(cluster.kubeconfigPath().toString());
            CoreV1Api core = new CoreV1Api(api);
            AppsV1Api apps = new AppsV1Api(api);

            long t1 = System.nanoTime();
            List<V1Node> nodes = core.listNode().execute().getItems();
            System.out.printf("official client LIST of %d nodes: %d ms%n", nodes.size(), (System.nanoTime() - t1) / 1_000_000);
            assertEquals(5000, nodes.size());
            assertEquals("node-5000", core.readNode("node-5000").execute().getMetadata().getName());
            long t2 = System.nanoTime();
            for (int i = 1; i <= 100; i++) {
                core.readNode("node-" + (i * 50)).execute();
            }
            System.out.printf("official client GET of one node among 5000: %.2f ms each%n",
                    (System.nanoTime() - t2) / 1e6 / 100);

            V1PodSpec spec = new V1PodSpec().nodeSelector(Map.of("kubernetes.io/hostname", "node-5000"))
                    .addContainersItem(new V1Container().name("agent").image("deckhand/node-agent:dev"));
            apps.createNamespacedDeployment("deckhand", new V1Deployment()
                    .metadata(new V1ObjectMeta().name("agent-node-5000"))
                    .spec(new V1DeploymentSpec().replicas(1)
                            .selector(new V1LabelSelector().putMatchLabelsItem("app", "agent"))
                            .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().putLabelsItem("app", "agent"))
                                    .spec(spec)))).execute();
            V1Pod pod = Await.until(() -> core.listNamespacedPod("deckhand").labelSelector("app=agent").execute()
                            .getItems().stream().findFirst().orElse(null),
                    p -> "Running".equals(p.getStatus().getPhase()), "agent pod running on node-5000");
            assertEquals("node-5000", pod.getSpec().getNodeName());

            HttpResponse<String> pulled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(cluster.agents().url("node-4321") + "/images/pull"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"busybox:1.37\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, pulled.statusCode(), pulled.body());
            assertTrue(core.readNode("node-4321").execute().getStatus().getImages().stream()
                    .anyMatch(i -> i.getNames().contains("docker.io/library/busybox:1.37")));
            System.out.println("client requests during the test: " + cluster.requestStats());
        }
    }
}
