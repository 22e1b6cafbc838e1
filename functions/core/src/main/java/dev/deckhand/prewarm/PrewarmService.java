package dev.deckhand.prewarm;

import dev.deckhand.tasks.TaskService;
import dev.deckhand.tasks.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Seed 002's task operations for the API: validate and store a task, read one or a page of them back, cancel one
 * ({@link TaskService}). Execution is the reconciler's ({@link PrewarmReconciler}).
 */
@Singleton
public class PrewarmService extends TaskService<PrewarmTask> {

    private final PrewarmSettings settings;

    @Inject
    public PrewarmService(PrewarmStore store, PrewarmSettings settings, PrewarmMetrics metrics) {
        this(store, settings, metrics, Clock.systemUTC());
    }

    public PrewarmService(PrewarmStore store, PrewarmSettings settings, PrewarmMetrics metrics, Clock clock) {
        super(PrewarmTask.KIND, store, metrics, TaskIds::isValid, PrewarmValidationException::new, clock);
        this.settings = settings;
    }

    /** Validates the request and stores the task, pending. Nothing is written when the request is invalid. */
    public PrewarmTask create(NewPrewarmTask request) {
        PrewarmSpec valid = PrewarmValidation.validate(request, settings);
        return store(now -> new PrewarmTask(TaskIds.newId(now), null, new PrewarmSpec(valid.images(), valid.batchSize(),
                valid.nodeSelector(), valid.followSelector(), valid.imagePullSecrets(), valid.mode(), valid.strategy(),
                Timestamps.millis(now), false, null), null));
    }
}
