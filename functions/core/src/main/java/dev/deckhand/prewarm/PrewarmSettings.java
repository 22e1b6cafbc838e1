package dev.deckhand.prewarm;

import dev.deckhand.tasks.TaskSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Image prewarm tasks ({@code deckhand.prewarm.*}). Tasks live in the namespace {@code deckhand.agent.namespace}
 * ({@code K8S_NAMESPACE}), as do their Jobs.
 *
 * @param mode                 pull mode of a task that names none: {@code agent} (through each node's agent) or
 *                             {@code job} (one Job per node)
 * @param workerImage          job mode: the image that provides the static helper ({@code WORKER_IMAGE})
 * @param workerHelper         job mode: path of a static, busybox-like multi-call binary in the worker image; an init
 *                             container copies it into a shared volume and every target image runs {@code helper true}
 * @param defaultBatchSize     batch size of a task that names none
 * @param maxBatchSize         largest batch size a task may ask for
 * @param maxImages            most images one task may name
 * @param jobDeadline          job mode: {@code activeDeadlineSeconds} of each Job; a node whose pull takes longer fails
 *                             with DeadlineExceeded
 * @param jobTtl               job mode: {@code ttlSecondsAfterFinished}, a backstop (Deckhand deletes a batch's Jobs
 *                             when the batch is done)
 * @param statusFlushInterval  agent mode: finished nodes are written to the task's status at most this long after they
 *                             finish (and at the end of every batch)
 * @param cancelCheckInterval  agent mode: while no status write happens, how often a running pass re-reads its task to
 *                             notice a cancel
 * @param agentParallelism     agent mode: cap on concurrent agent calls of one task (in flight is
 *                             {@code min(batchSize, agentParallelism)})
 * @param parallelTasks        how many tasks one pass advances at once
 */
@ConfigurationProperties("deckhand.prewarm")
public record PrewarmSettings(
        @Bindable(defaultValue = "agent") String mode,
        @Bindable(defaultValue = "busybox:latest") String workerImage,
        @Bindable(defaultValue = "/bin/busybox") String workerHelper,
        @Bindable(defaultValue = "10") int defaultBatchSize,
        @Bindable(defaultValue = "500") int maxBatchSize,
        @Bindable(defaultValue = "20") int maxImages,
        @Bindable(defaultValue = "10m") Duration jobDeadline,
        @Bindable(defaultValue = "1h") Duration jobTtl,
        @Bindable(defaultValue = "1s") Duration statusFlushInterval,
        @Bindable(defaultValue = "5s") Duration cancelCheckInterval,
        @Bindable(defaultValue = "100") int agentParallelism,
        @Bindable(defaultValue = "4") int parallelTasks) implements TaskSettings {

    /** The defaults, for code built without a context (tests). */
    public static PrewarmSettings defaults() {
        return new PrewarmSettings("agent", "busybox:latest", "/bin/busybox", 10, 500, 20, Duration.ofMinutes(10),
                Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(5), 100, 4);
    }

    public PullMode defaultMode() {
        return PullMode.parse(mode).orElseThrow(() -> new IllegalStateException(
                "deckhand.prewarm.mode must be \"agent\" or \"job\", not \"" + mode + "\""));
    }
}
