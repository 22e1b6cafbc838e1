package dev.deckhand.sandbox;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAffinity;
import io.kubernetes.client.openapi.models.V1NodeSelector;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.util.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox as production code sees it: the official Kubernetes client over the written kubeconfig. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxClusterTest {

    private static final String NS = "deckhand";

    private SandboxCluster cluster;
    private CoreV1Api core;
    private AppsV1Api apps;
    private BatchV1Api batch;

    @BeforeAll
    void start() throws Exception {
        cluster = SandboxCluster.builder().nodes(5).tick(Duration.ofMillis(100)).start();
        System.out.println("sandbox with 5 nodes started in " + cluster.startupTime().toMillis() + " ms");
        ApiClient api = Config.fromConfig(cluster.kubeconfigPath().toString());
        core = new CoreV1Api(api);
        apps = new AppsV1Api(api);
        batch = new BatchV1Api(api);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void kubeconfigPointsAtTheApiServerWithATokenAndACurrentContext() throws Exception {
        String text = Files.readString(cluster.kubeconfigPath());
        assertTrue(cluster.apiServerUrl().matches("http://127\\.0\\.0\\.1:\\d+"), cluster.apiServerUrl());
        assertTrue(text.contains("server: " + cluster.apiServerUrl()), text);
        assertTrue(text.contains("current-context: deckhand-sandbox"), text);
        assertTrue(text.contains("token: "), text);
    }

    @Test
    void officialClientListsTheSeededNodesWithARealisticShape() throws Exception {
        List<V1Node> nodes = core.listNode().execute().getItems();
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4", "node-5"),
                nodes.stream().map(n -> n.getMetadata().getName()).sorted().toList());

        V1Node first = core.readNode("node-1").execute();
        assertEquals("node-1", first.getMetadata().getLabels().get("kubernetes.io/hostname"));
        assertEquals("linux", first.getMetadata().getLabels().get("kubernetes.io/os"));
        assertEquals("amd64", first.getMetadata().getLabels().get("kubernetes.io/arch"));
        assertTrue(first.getMetadata().getLabels().containsKey("node-role.kubernetes.io/control-plane"));
        assertEquals("NoSchedule", first.getSpec().getTaints().get(0).getEffect());
        assertEquals("node-role.kubernetes.io/control-plane", first.getSpec().getTaints().get(0).getKey());

        for (V1Node node : nodes) {
            assertEquals("True", node.getStatus().getConditions().stream()
                    .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getStatus());
            assertTrue(node.getStatus().getNodeInfo().getContainerRuntimeVersion().startsWith("containerd://1.7."));
            assertTrue(node.getStatus().getNodeInfo().getKubeletVersion().startsWith("v1."));
            assertNotNull(node.getStatus().getCapacity().get("cpu"));
            assertNotNull(node.getStatus().getAllocatable().get("memory"));
            assertTrue(node.getStatus().getImages().size() >= 5);
            assertTrue(node.getStatus().getImages().stream().allMatch(i -> i.getSizeBytes() > 0));
            assertTrue(node.getStatus().getImages().stream()
                    .anyMatch(i -> i.getNames().contains("docker.io/library/busybox:1.36")));
        }
        // three zones, spread
        assertEquals(3, nodes.stream().map(n -> n.getMetadata().getLabels().get("topology.kubernetes.io/zone"))
                .distinct().count());
        // seeded namespaces
        List<String> namespaces = core.listNamespace().execute().getItems().stream()
                .map(n -> n.getMetadata().getName()).toList();
        assertTrue(namespaces.containsAll(List.of("default", "deckhand")), namespaces.toString());
    }

    @Test
    void deploymentPinnedToNode2RunsThereAndReportsReady() throws Exception {
        V1Deployment created = apps.createNamespacedDeployment(NS, deployment("web", "nginx:1.27",
                new V1PodSpec().nodeSelector(Map.of("kubernetes.io/hostname", "node-2")))).execute();
        V1Pod pod = Await.until(() -> onlyPod("app=web"), p -> "Running".equals(p.getStatus().getPhase()),
                "a Running pod of deployment web");
        assertEquals("node-2", pod.getSpec().getNodeName());
        assertTrue(pod.getMetadata().getName().startsWith("web-"), pod.getMetadata().getName());
        assertEquals("Deployment", pod.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(created.getMetadata().getUid(), pod.getMetadata().getOwnerReferences().get(0).getUid());
        V1ContainerStatus container = pod.getStatus().getContainerStatuses().get(0);
        assertTrue(container.getReady());
        assertTrue(container.getStarted());
        assertNotNull(container.getState().getRunning());
        assertTrue(pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));

        V1Deployment ready = Await.until(() -> apps.readNamespacedDeployment("web", NS).execute(),
                d -> d.getStatus() != null && Objects.equals(d.getStatus().getReadyReplicas(), 1),
                "deployment web readyReplicas=1");
        assertEquals(1, ready.getStatus().getReplicas());
        assertEquals(1, ready.getStatus().getAvailableReplicas());
        assertEquals(1, ready.getStatus().getUpdatedReplicas());
        assertEquals(ready.getMetadata().getGeneration(), ready.getStatus().getObservedGeneration());

        // The image of a running pod shows up in its node's status.
        V1Node node2 = core.readNode("node-2").execute();
        assertTrue(node2.getStatus().getImages().stream().anyMatch(i -> i.getNames().contains("docker.io/library/nginx:1.27")));

        // A replace by a client keeps the status (as a real API server does), and a changed template
        // replaces the pod.
        ready.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("docker.io/library/nginx:1.28");
        V1Deployment replaced = apps.replaceNamespacedDeployment("web", NS, ready).execute();
        assertEquals(1, replaced.getStatus().getReadyReplicas());
        assertEquals(2L, replaced.getMetadata().getGeneration());
        V1Pod newPod = Await.until(() -> onlyPod("app=web"),
                p -> "Running".equals(p.getStatus().getPhase())
                        && p.getSpec().getContainers().get(0).getImage().endsWith("1.28")
                        && !p.getMetadata().getName().equals(pod.getMetadata().getName()),
                "the pod of the new template");
        assertEquals("node-2", newPod.getSpec().getNodeName());
        Await.until(() -> apps.readNamespacedDeployment("web", NS).execute(),
                d -> Objects.equals(d.getStatus().getObservedGeneration(), 2L)
                        && Objects.equals(d.getStatus().getUpdatedReplicas(), 1)
                        && Objects.equals(d.getStatus().getReadyReplicas(), 1),
                "status of generation 2");

        // Deleting the deployment removes its pods.
        apps.deleteNamespacedDeployment("web", NS).execute();
        Await.until(() -> core.listNamespacedPod(NS).labelSelector("app=web").execute().getItems(),
                List::isEmpty, "pods of deleted deployment gone");
    }

    @Test
    void deploymentPinnedByNodeAffinityScalesOnThatNode() throws Exception {
        V1PodSpec spec = new V1PodSpec().affinity(new V1Affinity().nodeAffinity(new V1NodeAffinity()
                .requiredDuringSchedulingIgnoredDuringExecution(new V1NodeSelector().addNodeSelectorTermsItem(
                        new V1NodeSelectorTerm().addMatchFieldsItem(new V1NodeSelectorRequirement()
                                .key("metadata.name").operator("In").addValuesItem("node-3"))))));
        V1Deployment d = deployment("pinned", "busybox:1.36", spec);
        d.getSpec().setReplicas(3);
        apps.createNamespacedDeployment(NS, d).execute();
        List<V1Pod> pods = Await.until(() -> core.listNamespacedPod(NS).labelSelector("app=pinned").execute().getItems(),
                list -> list.size() == 3 && list.stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())),
                "3 running pods");
        assertTrue(pods.stream().allMatch(p -> "node-3".equals(p.getSpec().getNodeName())));
        assertEquals(3, pods.stream().map(p -> p.getMetadata().getName()).distinct().count());

        // The simulator writes the Deployment's status, which moves its resourceVersion: read-modify-write until it sticks.
        for (int attempt = 0; ; attempt++) {
            V1Deployment current = apps.readNamespacedDeployment("pinned", NS).execute();
            current.getSpec().setReplicas(1);
            try {
                apps.replaceNamespacedDeployment("pinned", NS, current).execute();
                break;
            } catch (io.kubernetes.client.openapi.ApiException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
        Await.until(() -> core.listNamespacedPod(NS).labelSelector("app=pinned").execute().getItems(),
                list -> list.size() == 1, "scaled down to 1 pod");
        Await.until(() -> apps.readNamespacedDeployment("pinned", NS).execute().getStatus(),
                s -> Objects.equals(s.getReplicas(), 1) && Objects.equals(s.getReadyReplicas(), 1),
                "status of 1 replica");
        apps.deleteNamespacedDeployment("pinned", NS).execute();
    }

    @Test
    void podPinnedToTheTaintedControlPlaneWithoutTolerationStaysUnschedulable() throws Exception {
        apps.createNamespacedDeployment(NS, deployment("nocp", "busybox:1.36",
                new V1PodSpec().nodeSelector(Map.of("kubernetes.io/hostname", "node-1")))).execute();
        V1Pod pod = Await.until(() -> onlyPod("app=nocp"), p -> p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("PodScheduled")),
                "a pod with a PodScheduled condition");
        V1PodCondition scheduled = pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("PodScheduled")).findFirst().orElseThrow();
        assertEquals("False", scheduled.getStatus());
        assertEquals("Unschedulable", scheduled.getReason());
        assertTrue(scheduled.getMessage().contains("untolerated taint {node-role.kubernetes.io/control-plane: }"),
                scheduled.getMessage());
        assertEquals("Pending", pod.getStatus().getPhase());
        assertNull(pod.getSpec().getNodeName());
        apps.deleteNamespacedDeployment("nocp", NS).execute();
    }

    @Test
    void jobRunsToCompletion() throws Exception {
        batch.createNamespacedJob(NS, job("hello", "busybox:1.36", null)).execute();
        V1Pod running = Await.until(() -> onlyPod("job-name=hello"), p -> "Running".equals(p.getStatus().getPhase()),
                "the job pod running");
        assertNotNull(running.getSpec().getNodeName());
        assertFalse("node-1".equals(running.getSpec().getNodeName()), "control plane is tainted");
        V1Job done = Await.until(() -> batch.readNamespacedJob("hello", NS).execute(),
                j -> j.getStatus() != null && j.getStatus().getConditions() != null
                        && j.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Complete")),
                "job hello Complete");
        assertEquals(1, done.getStatus().getSucceeded());
        assertNull(done.getStatus().getActive());
        assertNotNull(done.getStatus().getStartTime());
        assertNotNull(done.getStatus().getCompletionTime());
        V1Pod pod = onlyPod("job-name=hello");
        assertEquals("Succeeded", pod.getStatus().getPhase());
        assertEquals(0, pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode());
        assertEquals("Completed", pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getReason());

        batch.deleteNamespacedJob("hello", NS).execute();
        Await.until(() -> core.listNamespacedPod(NS).labelSelector("job-name=hello").execute().getItems(),
                List::isEmpty, "pods of the deleted job gone");
    }

    @Test
    void jobWithAnImageFromTheFailingRegistryShowsImagePullErrorsAndFails() throws Exception {
        batch.createNamespacedJob(NS, job("pullfail", "fail.invalid/app:1", null)).execute();
        V1Pod pod = Await.until(() -> onlyPod("job-name=pullfail"), p -> waitingReason(p) != null,
                "the job pod waiting on its image");
        assertTrue(List.of("ErrImagePull", "ImagePullBackOff").contains(waitingReason(pod)), waitingReason(pod));
        assertEquals("Pending", pod.getStatus().getPhase());
        String message = pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage();
        assertTrue(message.contains("failed to pull image \"fail.invalid/app:1\""), message);
        assertTrue(message.contains("no such host"), message);
        V1Pod backoff = Await.until(() -> onlyPod("job-name=pullfail"), p -> "ImagePullBackOff".equals(waitingReason(p)),
                "ImagePullBackOff");
        assertFalse(Boolean.TRUE.equals(backoff.getStatus().getContainerStatuses().get(0).getReady()));

        V1Job failed = Await.until(() -> batch.readNamespacedJob("pullfail", NS).execute(),
                j -> failedCondition(j) != null, "job pullfail Failed");
        assertEquals("BackoffLimitExceeded", failedCondition(failed).getReason());
        assertEquals(1, failed.getStatus().getFailed());
        // The failing pod still tells why.
        assertEquals("ImagePullBackOff", waitingReason(onlyPod("job-name=pullfail")));
        // No node got the image.
        for (V1Node node : core.listNode().execute().getItems()) {
            assertTrue(node.getStatus().getImages().stream().noneMatch(i -> i.getNames().stream()
                    .anyMatch(n -> n.contains("fail.invalid"))));
        }
        batch.deleteNamespacedJob("pullfail", NS).execute();
    }

    @Test
    void jobPastItsActiveDeadlineFailsWithDeadlineExceeded() throws Exception {
        V1Job job = job("deadline", "fail.invalid/app:2", null);
        job.getSpec().setActiveDeadlineSeconds(1L);
        batch.createNamespacedJob(NS, job).execute();
        V1Job failed = Await.until(() -> batch.readNamespacedJob("deadline", NS).execute(),
                j -> failedCondition(j) != null, "job deadline Failed");
        assertEquals("DeadlineExceeded", failedCondition(failed).getReason());
        batch.deleteNamespacedJob("deadline", NS).execute();
    }

    @Test
    void jobWhosePodExitsNonZeroFailsAfterItsBackoffLimit() throws Exception {
        V1Job job = job("crash", "busybox:1.36", Map.of(NodeSimulator.ANNOTATION_EXIT_CODE, "3"));
        job.getSpec().setBackoffLimit(1);
        batch.createNamespacedJob(NS, job).execute();
        V1Job failed = Await.until(() -> batch.readNamespacedJob("crash", NS).execute(),
                j -> failedCondition(j) != null, "job crash Failed");
        assertEquals("BackoffLimitExceeded", failedCondition(failed).getReason());
        assertEquals(2, failed.getStatus().getFailed(), "first try and one retry");
        List<V1Pod> pods = core.listNamespacedPod(NS).labelSelector("job-name=crash").execute().getItems();
        assertEquals(2, pods.size());
        assertTrue(pods.stream().allMatch(p -> "Failed".equals(p.getStatus().getPhase())
                && p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode() == 3));
        batch.deleteNamespacedJob("crash", NS).execute();
    }

    @Test
    void requestStatsCountClientRequestsAndLeaveOutTheSandboxsOwn() throws Exception {
        cluster.resetRequestStats();
        core.listNode().execute();
        core.readNode("node-4").execute();
        core.createNamespacedConfigMap(NS, new io.kubernetes.client.openapi.models.V1ConfigMap()
                .metadata(new V1ObjectMeta().name("stats-probe")).putDataItem("k", "v")).execute();
        assertThrows(ApiException.class, () -> core.readNode("no-such-node").execute());
        // the simulator keeps ticking meanwhile, and the sandbox's own client is used here too
        cluster.client().nodes().list();
        Thread.sleep(300);
        RequestStats stats = cluster.requestStats();
        assertEquals(4, stats.total(), stats.toString());
        assertEquals(1, stats.writes(), stats.toString());
        assertEquals(3, stats.reads());
        assertEquals(1, stats.count("list nodes"));
        assertEquals(2, stats.count("get nodes"));
        assertEquals(1, stats.count("create configmaps"));
        cluster.resetRequestStats();
        assertEquals(0, cluster.requestStats().total());
    }

    @Test
    void addedAndNotReadyNodesAreHonoured() throws Exception {
        cluster.addNode("node-extra");
        V1Node extra = core.readNode("node-extra").execute();
        assertEquals("node-extra", extra.getMetadata().getLabels().get("kubernetes.io/hostname"));
        cluster.setNodeReady("node-extra", false);
        V1Node notReady = core.readNode("node-extra").execute();
        assertEquals("False", notReady.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow().getStatus());
        apps.createNamespacedDeployment(NS, deployment("toextra", "busybox:1.36",
                new V1PodSpec().nodeSelector(Map.of("kubernetes.io/hostname", "node-extra")))).execute();
        V1Pod pending = Await.until(() -> onlyPod("app=toextra"), p -> p.getStatus().getConditions() != null
                        && p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("PodScheduled")
                        && c.getStatus().equals("False")),
                "pod unschedulable on the NotReady node");
        assertTrue(pending.getStatus().getConditions().get(0).getMessage().contains("node.kubernetes.io/not-ready"));
        cluster.setNodeReady("node-extra", true);
        V1Pod running = Await.until(() -> onlyPod("app=toextra"), p -> "Running".equals(p.getStatus().getPhase()),
                "pod running once the node is Ready");
        assertEquals("node-extra", running.getSpec().getNodeName());
        apps.deleteNamespacedDeployment("toextra", NS).execute();
        Await.until(() -> core.listNamespacedPod(NS).labelSelector("app=toextra").execute().getItems(),
                List::isEmpty, "pods gone");
        cluster.removeNode("node-extra");
        assertThrows(ApiException.class, () -> core.readNode("node-extra").execute());
    }

    // ---------------------------------------------------------------------------------------------------------

    private V1Pod onlyPod(String selector) throws ApiException {
        List<V1Pod> pods = core.listNamespacedPod(NS).labelSelector(selector).execute().getItems();
        if (pods.size() != 1) {
            return null;
        }
        return pods.get(0);
    }

    private static String waitingReason(V1Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        V1ContainerStatus s = pod.getStatus().getContainerStatuses().get(0);
        return s.getState() == null || s.getState().getWaiting() == null ? null : s.getState().getWaiting().getReason();
    }

    private static V1JobCondition failedCondition(V1Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Failed") && c.getStatus().equals("True")).findFirst().orElse(null);
    }

    private static V1Deployment deployment(String name, String image, V1PodSpec spec) {
        spec.addContainersItem(new V1Container().name("main").image(image));
        return new V1Deployment()
                .metadata(new V1ObjectMeta().name(name).putLabelsItem("app.kubernetes.io/managed-by", "deckhand"))
                .spec(new V1DeploymentSpec().replicas(1)
                        .selector(new V1LabelSelector().putMatchLabelsItem("app", name))
                        .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().putLabelsItem("app", name))
                                .spec(spec)));
    }

    @Test
    void podLogsAreServedFromTheAnnotationAndTheContainerState() throws Exception {
        V1Job job = job("talker", "busybox:1.36", Map.of(PodLogs.ANNOTATION_LOG, "copying a\ncopying b\n"));
        job.getSpec().getTemplate().getSpec().getContainers().get(0).args(List.of("sh", "-c", "cp -r /a /b"));
        batch.createNamespacedJob(NS, job).execute();
        V1Pod done = Await.until(() -> onlyPod("job-name=talker"), p -> "Succeeded".equals(p.getStatus().getPhase()),
                "the talker pod succeeded");
        String name = done.getMetadata().getName();

        String log = core.readNamespacedPodLog(name, NS).execute();
        assertEquals("copying a\ncopying b\nsandbox: container work started from busybox:1.36\n"
                + "sandbox: command sh -c cp -r /a /b\nsandbox: exited with code 0\n", log);
        assertEquals("sandbox: exited with code 0\n", core.readNamespacedPodLog(name, NS).tailLines(1).execute());
        assertEquals("copy", core.readNamespacedPodLog(name, NS).limitBytes(4).execute());

        ApiException unknown = assertThrows(ApiException.class,
                () -> core.readNamespacedPodLog("nope", NS).execute());
        assertEquals(404, unknown.getCode());
        ApiException badContainer = assertThrows(ApiException.class,
                () -> core.readNamespacedPodLog(name, NS).container("other").execute());
        assertEquals(400, badContainer.getCode());
        batch.deleteNamespacedJob("talker", NS).execute();
    }

    @Test
    void logOfAContainerThatCannotStartIsABadRequest() throws Exception {
        batch.createNamespacedJob(NS, job("waiting", "fail.invalid/app:3", null)).execute();
        V1Pod pod = Await.until(() -> onlyPod("job-name=waiting"), p -> waitingReason(p) != null, "a waiting pod");
        ApiException e = assertThrows(ApiException.class,
                () -> core.readNamespacedPodLog(pod.getMetadata().getName(), NS).execute());
        assertEquals(400, e.getCode());
        assertTrue(e.getResponseBody().contains("is waiting to start"), e.getResponseBody());
        batch.deleteNamespacedJob("waiting", NS).execute();
    }

    private static V1Job job(String name, String image, Map<String, String> annotations) {
        V1ObjectMeta templateMeta = new V1ObjectMeta().putLabelsItem("task", name);
        if (annotations != null) {
            templateMeta.setAnnotations(annotations);
        }
        return new V1Job()
                .metadata(new V1ObjectMeta().name(name))
                .spec(new V1JobSpec().backoffLimit(0).template(new V1PodTemplateSpec().metadata(templateMeta)
                        .spec(new V1PodSpec().restartPolicy("Never")
                                .addContainersItem(new V1Container().name("work").image(image)))));
    }
}
