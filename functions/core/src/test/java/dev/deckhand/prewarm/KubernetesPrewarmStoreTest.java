package dev.deckhand.prewarm;

import dev.deckhand.cluster.ListSource;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import dev.deckhand.tasks.NodeOutcome;
import dev.deckhand.tasks.StaleTaskException;
import dev.deckhand.tasks.TaskNotFoundException;
import dev.deckhand.tasks.TaskPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tasks as custom resources on the sandbox API server, through the production client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesPrewarmStoreTest {

    static final ResourceDefinitionContext TASKS = new ResourceDefinitionContext.Builder()
            .withGroup("deckhand.dev").withVersion("v1").withPlural("prewarmtasks").withKind("PrewarmTask").withNamespaced(true)
            .build();

    private SandboxCluster cluster;
    private ApplicationContext context;
    private PrewarmStore store;

    @BeforeAll
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(1).simulator(false).agents(false).build());
        context = ApplicationContext.run(Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.namespace", "deckhand"));
        store = context.getBean(PrewarmStore.class);
    }

    @AfterAll
    void stop() {
        context.close();
        cluster.close();
    }

    private static PrewarmTask task(String id) {
        return new PrewarmTask(id, null, new PrewarmSpec(List.of("nginx:latest", "redis:7"), 10, Map.of("workload", "compute"),
                false, List.of(), "agent", "window", "2026-01-16T15:12:34.123Z", false, null), null);
    }

    @Test
    void createdTaskReadsBackWithIntegersAndLabelsAndADuplicateIsRefused() {
        String id = TaskIds.newId(Instant.now());
        PrewarmTask created = store.create(task(id)).orElseThrow();
        assertEquals(id, created.id());
        assertTrue(created.resourceVersion() != null && !created.resourceVersion().isBlank());
        PrewarmTask read = store.find(id).orElseThrow();
        assertEquals(task(id).spec(), read.spec());
        assertEquals(10, read.spec().batchSize());
        assertEquals(null, read.status());
        assertEquals(TaskPhase.PENDING, read.effectivePhase());
        assertEquals(Optional.empty(), store.create(task(id)), "a second create of the same id is refused");

        GenericKubernetesResource raw = cluster.client().genericKubernetesResources(TASKS).inNamespace("deckhand").withName(id).get();
        assertEquals("deckhand", raw.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("PrewarmTask", raw.getKind());
        assertEquals("deckhand.dev/v1", raw.getApiVersion());
        assertTrue(store.list(ListSource.LATEST).stream().anyMatch(t -> t.id().equals(id)));
        assertEquals(Optional.empty(), store.find("task-20000101-000000-00000000"));
    }

    @Test
    void statusWritesKeepTheSpecAndACancelKeepsTheStatus() {
        String id = TaskIds.newId(Instant.now());
        PrewarmTask created = store.create(task(id)).orElseThrow();
        PrewarmStatus running = BatchPlanner.start(created.spec(), List.of("node-1"), Instant.now());
        PrewarmTask written = store.writeStatus(created.withStatus(running));
        assertNotEquals(created.resourceVersion(), written.resourceVersion());
        assertEquals(created.spec(), written.spec());
        assertEquals(running, written.status());

        PrewarmTask cancelled = store.writeSpec(new PrewarmTask(id, written.resourceVersion(),
                written.spec().withCancel("2026-01-16T15:13:00Z"), written.status()));
        assertTrue(cancelled.spec().cancelled());
        assertEquals(TaskPhase.CANCELLED, cancelled.effectivePhase());
        PrewarmTask read = store.find(id).orElseThrow();
        assertEquals(running, read.status(), "the status survives a spec write");
        assertTrue(read.spec().cancelled());

        PrewarmStatus later = BatchPlanner.record(running, 10, List.of(NodeOutcome.completed("node-1", Instant.now(), null)));
        PrewarmTask afterStatus = store.writeStatus(read.withStatus(later));
        assertTrue(afterStatus.spec().cancelled(), "a status write answers the current spec, cancel included");
        GenericKubernetesResource raw = cluster.client().genericKubernetesResources(TASKS).inNamespace("deckhand").withName(id).get();
        assertEquals("deckhand", raw.getMetadata().getLabels().get("app.kubernetes.io/managed-by"), "labels survive status writes");
    }

    @Test
    void aSpecWriteFromAStaleReadIsRefused() {
        String id = TaskIds.newId(Instant.now());
        PrewarmTask created = store.create(task(id)).orElseThrow();
        store.writeStatus(created.withStatus(BatchPlanner.start(created.spec(), List.of("node-1"), Instant.now())));
        assertThrows(StaleTaskException.class, () -> store.writeSpec(new PrewarmTask(id, created.resourceVersion(),
                created.spec().withCancel("2026-01-16T15:13:00Z"), null)));
        assertFalse(store.find(id).orElseThrow().spec().cancelled());
        assertThrows(TaskNotFoundException.class, () -> store.writeStatus(task("task-20000101-000000-00000000")
                .withStatus(BatchPlanner.start(created.spec(), List.of(), Instant.now()))));
    }
}
