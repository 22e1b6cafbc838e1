package dev.deckhand.cluster;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubernetesJsonTest {

    private static V1Deployment deployment() {
        return new V1Deployment().metadata(new V1ObjectMeta().name("web").labels(Map.of("app", "web")))
                .spec(new V1DeploymentSpec().selector(new V1LabelSelector().matchLabels(Map.of("app", "web"))).template(new V1PodTemplateSpec().spec(new V1PodSpec()
                        .addContainersItem(new V1Container().name("web").image("nginx:1.27"))
                        .addVolumesItem(new V1Volume().name("scratch").emptyDir(new V1EmptyDirVolumeSource())))));
    }

    @Test
    void emptyListsAndMapsAreLeftOutAsTheApiServerLeavesThemOut() {
        String plain = JSON.getGson().toJson(deployment());
        assertTrue(plain.contains("\"finalizers\":[]") && plain.contains("\"overhead\":{}"), "the client's own output: " + plain);

        String compact = KubernetesJson.compact(deployment());
        assertFalse(compact.contains("[]"), compact);
        assertFalse(compact.contains("\"overhead\""), compact);
        assertEquals("{\"metadata\":{\"labels\":{\"app\":\"web\"},\"name\":\"web\"},\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"spec\":{"
                + "\"containers\":[{\"image\":\"nginx:1.27\",\"name\":\"web\"}],"
                + "\"volumes\":[{\"emptyDir\":{},\"name\":\"scratch\"}]}}}}", compact);
    }

    @Test
    void whatIsLeftOutReadsBackAsTheSameObject() {
        V1Deployment back = JSON.getGson().fromJson(KubernetesJson.compact(deployment()), V1Deployment.class);
        assertEquals("nginx:1.27", back.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertTrue(back.getSpec().getTemplate().getSpec().getVolumes().get(0).getEmptyDir() != null, "emptyDir kept");
    }
}
