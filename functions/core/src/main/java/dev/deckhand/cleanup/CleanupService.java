package dev.deckhand.cleanup;

import dev.deckhand.tasks.TaskService;
import dev.deckhand.tasks.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The cleanup operations for the API, with prewarm's semantics ({@link TaskService}): validate and store a task, read
 * one or a page back, cancel one. Execution is the reconciler's ({@link CleanupReconciler}).
 */
@Singleton
public class CleanupService extends TaskService<CleanupTask> {

    private final CleanupSettings settings;

    @Inject
    public CleanupService(CleanupStore store, CleanupSettings settings, CleanupMetrics metrics) {
        this(store, settings, metrics, Clock.systemUTC());
    }

    public CleanupService(CleanupStore store, CleanupSettings settings, CleanupMetrics metrics, Clock clock) {
        super(CleanupTask.KIND, store, metrics, CleanupIds::isValid, CleanupValidationException::new, clock);
        this.settings = settings;
    }

    /** Validates the request and stores the task, pending. Nothing is written when the request is invalid. */
    public CleanupTask create(NewCleanupTask request) {
        CleanupSpec valid = CleanupValidation.validate(request, settings);
        return store(now -> new CleanupTask(CleanupIds.newId(now), null, new CleanupSpec(valid.images(), valid.keep(),
                valid.dryRun(), valid.batchSize(), valid.nodeSelector(), valid.strategy(), Timestamps.millis(now), false,
                null), null));
    }
}
