package dev.deckhand.prewarm;

import dev.deckhand.tasks.NodeOutcome;
import dev.deckhand.tasks.TaskMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * Prewarm meters (made with the Prometheus endpoint at the latest, so that a scrape finds them before any task was
 * touched: {@code TaskMetricsRegistration}):
 *
 * <ul>
 *   <li>{@code deckhand.prewarm.tasks{status}} (gauge): tasks in the cluster by status ({@link TaskMetrics}).</li>
 *   <li>{@code deckhand.prewarm.node.pulls{mode,result}} (counter): nodes prewarmed by this process, by result
 *       ({@code completed}, {@code failed}).</li>
 *   <li>{@code deckhand.prewarm.pull.duration{mode,result}} (timer): how long one node took for all of a task's
 *       images.</li>
 * </ul>
 */
@Singleton
public class PrewarmMetrics extends TaskMetrics<PrewarmTask> {

    public PrewarmMetrics(@Nullable MeterRegistry registry, BeanProvider<PrewarmStore> store) {
        super(registry, store, PrewarmTask.KIND, "Prewarm tasks in the cluster by status");
    }

    /** One node finished. */
    public void nodeFinished(PullMode mode, NodeOutcome outcome) {
        String result = outcome.completed() ? "completed" : "failed";
        Counter.builder("deckhand.prewarm.node.pulls")
                .description("Nodes prewarmed, by result")
                .tag("mode", mode.wire()).tag("result", result)
                .register(registry()).increment();
        if (outcome.took() != null && !outcome.took().isNegative()) {
            Timer.builder("deckhand.prewarm.pull.duration")
                    .description("Time one node took to pull all of a task's images")
                    .tag("mode", mode.wire()).tag("result", result)
                    .register(registry()).record(outcome.took());
        }
    }
}
