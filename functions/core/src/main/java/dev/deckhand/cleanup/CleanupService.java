package dev.deckhand.cleanup;

import dev.deckhand.cluster.ListSource;

import dev.deckhand.prewarm.PrewarmService;
import dev.deckhand.prewarm.StaleTaskException;
import dev.deckhand.prewarm.TaskFinishedException;
import dev.deckhand.prewarm.TaskNotFoundException;
import dev.deckhand.prewarm.TaskPhase;
import dev.deckhand.prewarm.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cleanup operations for the API, with prewarm's semantics: validate and store a task, read one or a page back,
 * cancel one (404 unknown, 409 already finished). Stateless; execution is the reconciler's ({@link CleanupReconciler}).
 */
@Singleton
public class CleanupService {

    private static final int ID_ATTEMPTS = 3;
    private static final int CANCEL_ATTEMPTS = 5;

    private final CleanupStore store;
    private final CleanupSettings settings;
    private final CleanupMetrics metrics;
    private final Clock clock;

    @Inject
    public CleanupService(CleanupStore store, CleanupSettings settings, CleanupMetrics metrics) {
        this(store, settings, metrics, Clock.systemUTC());
    }

    public CleanupService(CleanupStore store, CleanupSettings settings, CleanupMetrics metrics, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A page of tasks, newest first, and how many matched in all. */
    public record Page(List<CleanupTask> tasks, int total, int limit, int offset) {
    }

    /** Validates the request and stores the task, pending. Nothing is written when the request is invalid. */
    public CleanupTask create(NewCleanupTask request) {
        CleanupSpec valid = CleanupValidation.validate(request, settings);
        for (int attempt = 1; attempt <= ID_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            CleanupSpec spec = new CleanupSpec(valid.images(), valid.keep(), valid.dryRun(), valid.batchSize(),
                    valid.nodeSelector(), valid.strategy(), Timestamps.millis(now), false, null);
            Optional<CleanupTask> created = store.create(new CleanupTask(CleanupIds.newId(now), null, spec, null));
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw new IllegalStateException("could not pick an unused cleanup id in " + ID_ATTEMPTS + " attempts");
    }

    /** @throws TaskNotFoundException no task has this id (or the id is not of the cleanup id format) */
    public CleanupTask get(String id) {
        if (!CleanupIds.isValid(id)) {
            throw new TaskNotFoundException(id);
        }
        return store.find(id).orElseThrow(() -> new TaskNotFoundException(id));
    }

    /**
     * Tasks newest first, optionally of one status; {@code limit} default {@value PrewarmService#DEFAULT_LIMIT}, at most
     * {@value PrewarmService#MAX_LIMIT}; {@code offset} default 0.
     */
    public Page list(String status, Integer limit, Integer offset) {
        TaskPhase phase = null;
        if (status != null) {
            phase = TaskPhase.parse(status).orElseThrow(() -> new CleanupValidationException("status",
                    "status must be one of pending, running, completed, failed, cancelled; got \"" + status + "\""));
        }
        int pageSize = limit == null ? PrewarmService.DEFAULT_LIMIT : limit;
        if (pageSize < 1) {
            throw new CleanupValidationException("limit", "limit must be an integer from 1 to " + PrewarmService.MAX_LIMIT
                    + ", got " + pageSize);
        }
        pageSize = Math.min(pageSize, PrewarmService.MAX_LIMIT);
        int skip = offset == null ? 0 : offset;
        if (skip < 0) {
            throw new CleanupValidationException("offset", "offset must be an integer of at least 0, got " + skip);
        }
        TaskPhase wanted = phase;
        List<CleanupTask> all = store.list(ListSource.LATEST);
        metrics.observeTasks(all);
        List<CleanupTask> matching = all.stream()
                .filter(t -> wanted == null || t.effectivePhase() == wanted)
                .sorted(NEWEST_FIRST)
                .toList();
        int from = (int) Math.min(matching.size(), (long) skip);
        int to = (int) Math.min(matching.size(), (long) from + pageSize);
        return new Page(matching.subList(from, to), matching.size(), pageSize, skip);
    }

    /**
     * Asks for a task to be cancelled: from now on it shows as cancelled; the reconciler starts no more nodes.
     *
     * @throws TaskNotFoundException no such task
     * @throws TaskFinishedException the task has already completed, failed or been cancelled
     */
    public CleanupTask cancel(String id) {
        for (int attempt = 1; ; attempt++) {
            CleanupTask task = get(id);
            TaskPhase phase = task.effectivePhase();
            if (phase.finished()) {
                throw new TaskFinishedException(id, phase);
            }
            try {
                return store.writeSpec(new CleanupTask(task.id(), task.resourceVersion(),
                        task.spec().withCancel(Timestamps.seconds(clock.instant())), task.status()));
            } catch (StaleTaskException e) {
                if (attempt >= CANCEL_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static final Comparator<CleanupTask> NEWEST_FIRST = Comparator
            .comparing((CleanupTask t) -> t.createdAt() == null ? Instant.EPOCH : t.createdAt())
            .thenComparing(CleanupTask::id)
            .reversed();
}
