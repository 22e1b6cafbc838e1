package dev.deckhand.reconciler;

import dev.deckhand.cluster.failures.KubernetesFailureLedgerStore;
import dev.deckhand.prewarm.PrewarmSpec;
import dev.deckhand.prewarm.PrewarmStore;
import dev.deckhand.prewarm.PrewarmTask;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import dev.deckhand.tasks.TaskPhase;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prewarm task whose step the API server refuses pass after pass ends failed after
 * {@code deckhand.reconciler.failures.give-up-after} passes, while the other tasks of the same passes go on. The count
 * lives in the cluster, so it holds across processes (a CronJob pod per pass).
 */
class PoisonTaskTest {

    private SandboxCluster cluster;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private ApplicationContext process() {
        return Sandboxes.reconciler(cluster, Map.of("deckhand.agent.url-template", cluster.agentUrlTemplate()));
    }

    private static PrewarmTask task(String id, Map<String, String> selector) {
        PrewarmSpec spec = new PrewarmSpec(List.of("busybox:1.36"), 2, selector, false, List.of(), "agent", null,
                Instant.now().toString(), false, null);
        return new PrewarmTask(id, null, spec, null);
    }

    /** As seen in production: so many nodeSelector entries that the node LIST's URL is too long for the API server. */
    private static Map<String, String> hugeSelector() {
        Map<String, String> selector = new TreeMap<>();
        // About 7,000 characters: more than the sandbox's API server takes in a request line, answered 414.
        for (int i = 0; i < 200; i++) {
            selector.put("example.com/label-" + i, "value-" + i);
        }
        return selector;
    }

    private PrewarmTask read(ApplicationContext context, String id) {
        return context.getBean(PrewarmStore.class).find(id).orElseThrow();
    }

    @Test
    void aPoisonTaskEndsFailedAfterFivePassesWhileAnotherTaskOfTheSamePassesCompletes() {
        try (ApplicationContext functions = process()) {
            PrewarmStore store = functions.getBean(PrewarmStore.class);
            store.create(task("pw-poison", hugeSelector())).orElseThrow();
            store.create(task("pw-good", Map.of())).orElseThrow();
        }
        String firstWords = null;
        for (int pass = 1; pass <= 5; pass++) {
            // A new process each time, as the CronJob starts one per pass: nothing is remembered in memory.
            try (ApplicationContext context = process()) {
                PassSummary summary = context.getBean(ReconcilePass.class).run();
                PrewarmTask poison = read(context, "pw-poison");
                if (pass < 5) {
                    assertEquals(TaskPhase.PENDING, poison.effectivePhase(), "pass " + pass + ": " + summary.describe());
                    assertEquals(1, summary.prewarm().failures().size(), summary.describe());
                    assertTrue(summary.firstError().contains("pw-poison"), summary.firstError());
                    String words = summary.prewarm().failures().get(0);
                    assertTrue(words.contains("refused to list nodes matching"), words);
                    assertTrue(words.length() < 2000, "the selector is not echoed whole: " + words.length() + " characters");
                    if (firstWords == null) {
                        firstWords = words;
                    }
                    assertEquals(pass, ledgerCount("prewarmtask/pw-poison"), "the count lives in the cluster");
                } else {
                    assertEquals(TaskPhase.FAILED, poison.effectivePhase(), summary.describe());
                    String message = poison.status().message();
                    assertTrue(message.startsWith("Kubernetes API server refused to list nodes matching"), message);
                    assertTrue(message.contains("(HTTP 4"), "with the API server's status: " + message);
                    assertTrue(firstWords.endsWith(message.substring(message.indexOf("(HTTP"))), firstWords + " / " + message);
                    assertEquals(0, ledgerCount("prewarmtask/pw-poison"), "forgotten once it ended");
                }
                PrewarmTask good = read(context, "pw-good");
                if (pass == 1) {
                    assertEquals(TaskPhase.COMPLETED, good.effectivePhase(), "the other task went on: " + summary.describe());
                    assertEquals(3, good.status().progress().completedNodes());
                }
            }
            LeaseFixtures.expire(cluster);
        }
        try (ApplicationContext context = process()) {
            PassSummary after = context.getBean(ReconcilePass.class).run();
            assertTrue(after.prewarm().failures().isEmpty(), "a failed task is not retried: " + after.describe());
            assertEquals(0, after.prewarm().active());
        }
    }

    @Test
    void aSuccessResetsTheCountAndADifferentErrorStartsANewOne() {
        String status = "/apis/deckhand.dev/v1/namespaces/deckhand/prewarmtasks/pw-flaky/status";
        try (ApplicationContext context = process()) {
            context.getBean(PrewarmStore.class).create(task("pw-flaky", Map.of())).orElseThrow();
            ReconcilePass pass = context.getBean(ReconcilePass.class);

            for (int i = 1; i <= 4; i++) {
                cluster.failNextRequest("PUT", status, 500);
                PassSummary summary = pass.run();
                assertEquals(1, summary.prewarm().failures().size(), summary.describe());
                assertEquals(i, ledgerCount("prewarmtask/pw-flaky"));
            }
            cluster.failNextRequest("PUT", status, 503);
            pass.run();
            assertEquals(1, ledgerCount("prewarmtask/pw-flaky"), "another error: a new run of failures, not the fifth");
            assertFalse(read(context, "pw-flaky").effectivePhase().finished());

            PassSummary fine = pass.run();
            assertTrue(fine.prewarm().failures().isEmpty(), fine.describe());
            assertEquals(TaskPhase.COMPLETED, read(context, "pw-flaky").effectivePhase(), fine.describe());
            assertEquals(0, ledgerCount("prewarmtask/pw-flaky"), "reset on success");
        }
    }

    /** The run of failures the reconciler stored for {@code key}; 0 when none. */
    private int ledgerCount(String key) {
        ConfigMap map = cluster.client().configMaps().inNamespace("deckhand").withName(KubernetesFailureLedgerStore.NAME).get();
        if (map == null) {
            return 0;
        }
        String json = map.getData().get(KubernetesFailureLedgerStore.KEY);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + java.util.regex.Pattern.quote(key) + "\":\\{\"count\":(\\d+)")
                .matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
