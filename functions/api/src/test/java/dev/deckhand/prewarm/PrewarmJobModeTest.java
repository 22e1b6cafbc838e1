package dev.deckhand.prewarm;

import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Job mode end to end: one Job per node, pinned to it, run by the sandbox's node simulator (pods go Pending, Running,
 * Succeeded; images under {@code fail.invalid} wait in ErrImagePull, then ImagePullBackOff, and their Job fails).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrewarmJobModeTest implements TestPropertyProvider {

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;
    @Inject
    PrewarmReconciler reconciler;

    private ApiTestSupport api;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(20)
                .tick(Duration.ofMillis(100)).jobRunDuration(Duration.ofMillis(200))
                .imagePullFailureGrace(Duration.ofSeconds(2)).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.agent.namespace", "deckhand",
                "deckhand.prewarm.mode", "job",
                "deckhand.prewarm.worker-image", "busybox:1.36.1");
    }

    @BeforeEach
    void client() {
        api = new ApiTestSupport(server.getURL(), json);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    private String create(String body) {
        ApiTestSupport.Answer created = api.post("/api/v1/tasks", body);
        assertEquals(201, created.status(), created.body());
        return created.text("taskId");
    }

    private List<Job> jobsOf(String id) {
        return cluster.client().batch().v1().jobs().inNamespace("deckhand")
                .withLabel("deckhand.dev/prewarm-task", id).list().getItems();
    }

    private static boolean finished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }

    /** Passes, a moment apart (Jobs take time), until {@code done}; calls {@code between} after each pass. */
    private ApiTestSupport.Answer runUntil(String id, Predicate<ApiTestSupport.Answer> done, Runnable between) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            PrewarmReconcileResult pass = reconciler.reconcile(Instant.now().plusSeconds(10));
            assertTrue(pass.converged(), pass.describe());
            between.run();
            ApiTestSupport.Answer detail = api.get("/api/v1/tasks/" + id);
            if (done.test(detail)) {
                return detail;
            }
            Thread.sleep(50);
        }
        return fail("task " + id + " did not get there in 60 s: " + api.get("/api/v1/tasks/" + id).body());
    }

    private ApiTestSupport.Answer runUntilFinished(String id, Runnable between) throws InterruptedException {
        return runUntil(id, d -> Set.of("completed", "failed", "cancelled").contains(d.text("status")), between);
    }

    private static int number(JsonNode node, String field) {
        return node.get(field).getIntValue();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void twentyNodesInBatchesOfThreeCompleteInSevenBatchesWithAtMostThreeJobsAtOnce() throws Exception {
        String id = create("{\"images\":[\"registry.example:5000/team/app:1.0\",\"gcr.io/distroless/static:nonroot\"],"
                + "\"batchSize\":3,\"imagePullSecrets\":[\"regcred\"]}");
        List<Integer> jobsAtOnce = new ArrayList<>();
        List<Integer> activeAtOnce = new ArrayList<>();
        Set<String> nodesWithJobs = new HashSet<>();
        List<Job> firstJobs = new ArrayList<>();
        ApiTestSupport.Answer done = runUntilFinished(id, () -> {
            List<Job> jobs = jobsOf(id);
            jobsAtOnce.add(jobs.size());
            activeAtOnce.add((int) jobs.stream().filter(j -> !finished(j)).count());
            jobs.forEach(j -> nodesWithJobs.add(j.getMetadata().getAnnotations().get("deckhand.dev/node-name")));
            if (firstJobs.isEmpty()) {
                firstJobs.addAll(jobs);
            }
        });

        assertEquals("completed", done.text("status"), done.body());
        JsonNode progress = done.json().get("progress");
        assertEquals(List.of(20, 20, 0, 7, 7), List.of(number(progress, "totalNodes"), number(progress, "completedNodes"),
                number(progress, "failedNodes"), number(progress, "currentBatch"), number(progress, "totalBatches")));
        assertEquals("job", done.text("mode"));
        assertEquals(20, nodesWithJobs.size(), "one Job per node");
        assertEquals(3, jobsAtOnce.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                "a batch's Jobs are removed before the next batch's are created: " + jobsAtOnce);
        assertTrue(activeAtOnce.stream().allMatch(n -> n <= 3), activeAtOnce.toString());
        assertEquals(List.of(), jobsOf(id), "a finished task leaves no Job behind");
        for (String node : cluster.nodeNames()) {
            List<String> tags = cluster.agents().images(node).stream().flatMap(i -> i.repoTags().stream()).toList();
            assertTrue(tags.contains("registry.example:5000/team/app:1.0"), node + " has " + tags);
        }

        Job job = firstJobs.stream().filter(j -> j.getMetadata().getName().equals(id + "-0")).findFirst().orElseThrow();
        assertEquals("node-1", job.getMetadata().getAnnotations().get("deckhand.dev/node-name"));
        assertEquals(Map.of("app.kubernetes.io/managed-by", "deckhand", "app.kubernetes.io/name", "deckhand-prewarm",
                        "app.kubernetes.io/component", "prewarm-job", "deckhand.dev/prewarm-task", id,
                        "deckhand.dev/prewarm-batch", "0", "deckhand.dev/node", "node-1"),
                job.getMetadata().getLabels());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(600L, job.getSpec().getActiveDeadlineSeconds(), "deckhand.prewarm.job-deadline, 10m by default");
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        var term = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0);
        assertEquals("metadata.name", term.getMatchFields().get(0).getKey());
        assertEquals(List.of("node-1"), term.getMatchFields().get(0).getValues(), "pinned to its node");
        assertEquals("Exists", pod.getTolerations().get(0).getOperator(), "the control plane's taint is tolerated");
        assertEquals(List.of("regcred"), pod.getImagePullSecrets().stream().map(r -> r.getName()).toList());
        Container helper = pod.getInitContainers().get(0);
        assertEquals("busybox:1.36.1", helper.getImage(), "WORKER_IMAGE provides the helper");
        assertEquals(List.of("/bin/busybox", "cp", "/bin/busybox", "/deckhand/busybox"), helper.getCommand());
        assertEquals(List.of("registry.example:5000/team/app:1.0", "gcr.io/distroless/static:nonroot"),
                pod.getContainers().stream().map(Container::getImage).toList());
        for (Container c : pod.getContainers()) {
            assertEquals(List.of("/deckhand/busybox", "true"), c.getCommand(), "images without a shell run the helper");
            assertEquals("/deckhand", c.getVolumeMounts().get(0).getMountPath());
        }
        assertNotNull(pod.getVolumes().get(0).getEmptyDir());
    }

    @Test
    void aFailingRegistryEndsWithImagePullBackOffForEveryNode() throws Exception {
        String id = create("{\"images\":[\"fail.invalid/app:1\"],\"batchSize\":4,"
                + "\"nodeSelector\":{\"topology.kubernetes.io/zone\":\"zone-a\"}}");
        ApiTestSupport.Answer done = runUntilFinished(id, () -> { });
        assertEquals("failed", done.text("status"), done.body());
        assertEquals(7, number(done.json().get("progress"), "failedNodes"));
        assertEquals(7, done.json().get("failedNodeDetails").size());
        for (JsonNode failed : done.json().get("failedNodeDetails").values()) {
            assertEquals("ImagePullBackOff", failed.get("reason").getStringValue(), done.body());
            String message = failed.get("message").getStringValue();
            assertTrue(message.contains("fail.invalid/app:1") && message.contains("no such host"), message);
        }
        assertEquals(List.of(), jobsOf(id));
    }

    @Test
    void aPullThatOutlivesTheJobDeadlineIsRecordedAsDeadlineExceeded() throws Exception {
        // A reconciler process of its own, whose Jobs have a 2 s deadline.
        try (ApplicationContext shortDeadline = ApplicationContext.run(Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.agent.namespace", "deckhand",
                "deckhand.prewarm.mode", "job",
                "deckhand.prewarm.job-deadline", "2s"))) {
            PrewarmReconciler impatient = shortDeadline.getBean(PrewarmReconciler.class);
            String id = create("{\"images\":[\"busybox:1.36\"],\"nodeSelector\":{\"kubernetes.io/hostname\":\"node-8\"}}");
            cluster.simulator().pause();
            try {
                impatient.reconcile(Instant.now().plusSeconds(10));
                assertEquals(2L, jobsOf(id).get(0).getSpec().getActiveDeadlineSeconds());
                cluster.setNodeReady("node-8", false); // its pod will never run
            } finally {
                cluster.simulator().resume();
            }
            try {
                Instant giveUp = Instant.now().plusSeconds(60);
                ApiTestSupport.Answer done = api.get("/api/v1/tasks/" + id);
                while (!"failed".equals(done.text("status")) && Instant.now().isBefore(giveUp)) {
                    impatient.reconcile(Instant.now().plusSeconds(10));
                    Thread.sleep(100);
                    done = api.get("/api/v1/tasks/" + id);
                }
                assertEquals("failed", done.text("status"), done.body());
                JsonNode failed = done.json().get("failedNodeDetails").get(0);
                assertEquals("node-8", failed.get("nodeName").getStringValue());
                assertEquals("DeadlineExceeded", failed.get("reason").getStringValue());
                assertTrue(failed.get("message").getStringValue().contains("deadline"), failed.toString());
                assertEquals(List.of(), jobsOf(id));
            } finally {
                cluster.setNodeReady("node-8", true);
            }
        }
    }

    @Test
    void cancelMidwayRemovesTheTasksJobsAndCreatesNoMore() throws Exception {
        String id = create("{\"images\":[\"busybox:1.36\"],\"batchSize\":2}");
        runUntil(id, d -> number(d.json().get("progress"), "completedNodes") >= 2 && !jobsOf(id).isEmpty(), () -> { });
        assertEquals(200, api.delete("/api/v1/tasks/" + id).status());

        reconciler.reconcile(Instant.now().plusSeconds(10));
        assertEquals(List.of(), jobsOf(id), "the next pass deletes the task's Jobs");
        ApiTestSupport.Answer detail = api.get("/api/v1/tasks/" + id);
        assertEquals("cancelled", detail.text("status"));
        int completed = number(detail.json().get("progress"), "completedNodes");
        assertTrue(completed < 20, detail.body());
        for (int i = 0; i < 3; i++) {
            reconciler.reconcile(Instant.now().plusSeconds(10));
            assertEquals(List.of(), jobsOf(id), "no Job is created after a cancel");
            Thread.sleep(100);
        }
        assertEquals(completed, number(api.get("/api/v1/tasks/" + id).json().get("progress"), "completedNodes"));
    }

    @Test
    void aWindowTaskKeepsAtMostBatchSizeJobsAndDeletesEachAsItsNodeIsWritten() throws Exception {
        String id = create("{\"images\":[\"busybox:1.36\"],\"batchSize\":3,\"strategy\":\"window\","
                + "\"nodeSelector\":{\"topology.kubernetes.io/zone\":\"zone-b\"}}");
        List<Integer> jobsAtOnce = new ArrayList<>();
        Set<String> nodesWithJobs = new HashSet<>();
        ApiTestSupport.Answer done = runUntilFinished(id, () -> {
            List<Job> jobs = jobsOf(id);
            jobsAtOnce.add(jobs.size());
            jobs.forEach(j -> nodesWithJobs.add(j.getMetadata().getAnnotations().get("deckhand.dev/node-name")));
        });
        assertEquals("completed", done.text("status"), done.body());
        assertEquals("window", done.text("strategy"));
        JsonNode progress = done.json().get("progress");
        assertEquals(List.of(7, 7, 0, 3, 3), List.of(number(progress, "totalNodes"), number(progress, "completedNodes"),
                number(progress, "failedNodes"), number(progress, "currentBatch"), number(progress, "totalBatches")));
        assertEquals(7, nodesWithJobs.size(), "one Job per node: " + nodesWithJobs);
        assertTrue(jobsAtOnce.stream().allMatch(n -> n <= 3), "never more than batchSize Jobs: " + jobsAtOnce);
        assertEquals(List.of(), jobsOf(id), "a finished task leaves no Job behind");
    }
}
