package dev.deckhand.prewarm;

import dev.deckhand.cluster.ListSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Seed 002's task operations for the API: validate and store a task, read one or a page of them back, cancel one.
 * Stateless: every answer comes from the cluster, so any function instance answers for any task. Execution is the
 * reconciler's ({@link PrewarmReconciler}).
 */
@Singleton
public class PrewarmService {

    /** Page size when the request names none. */
    public static final int DEFAULT_LIMIT = 10;
    /** Largest page; a larger {@code limit} is answered with this many. */
    public static final int MAX_LIMIT = 100;
    private static final int ID_ATTEMPTS = 3;
    private static final int CANCEL_ATTEMPTS = 5;

    private final PrewarmStore store;
    private final PrewarmSettings settings;
    private final PrewarmMetrics metrics;
    private final Clock clock;

    @Inject
    public PrewarmService(PrewarmStore store, PrewarmSettings settings, PrewarmMetrics metrics) {
        this(store, settings, metrics, Clock.systemUTC());
    }

    public PrewarmService(PrewarmStore store, PrewarmSettings settings, PrewarmMetrics metrics, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A page of tasks, newest first, and how many matched in all. */
    public record TaskPage(List<PrewarmTask> tasks, int total, int limit, int offset) {
    }

    /** Validates the request and stores the task, pending. Nothing is written when the request is invalid. */
    public PrewarmTask create(NewPrewarmTask request) {
        PrewarmSpec valid = PrewarmValidation.validate(request, settings);
        for (int attempt = 1; attempt <= ID_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            PrewarmSpec spec = new PrewarmSpec(valid.images(), valid.batchSize(), valid.nodeSelector(),
                    valid.followSelector(), valid.imagePullSecrets(), valid.mode(), valid.strategy(), Timestamps.millis(now), false,
                    null);
            Optional<PrewarmTask> created = store.create(new PrewarmTask(TaskIds.newId(now), null, spec, null));
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw new IllegalStateException("could not pick an unused task id in " + ID_ATTEMPTS + " attempts");
    }

    /** @throws TaskNotFoundException no task has this id (or the id is not of the task id format) */
    public PrewarmTask get(String id) {
        if (!TaskIds.isValid(id)) {
            throw new TaskNotFoundException(id);
        }
        return store.find(id).orElseThrow(() -> new TaskNotFoundException(id));
    }

    /**
     * Tasks newest first, optionally of one status.
     *
     * @param status null for every status, else one of pending, running, completed, failed, cancelled
     * @param limit  null for {@value #DEFAULT_LIMIT}; at least 1; above {@value #MAX_LIMIT} it is {@value #MAX_LIMIT}
     * @param offset null for 0; at least 0
     */
    public TaskPage list(String status, Integer limit, Integer offset) {
        TaskPhase phase = null;
        if (status != null) {
            phase = TaskPhase.parse(status).orElseThrow(() -> new PrewarmValidationException("status",
                    "status must be one of pending, running, completed, failed, cancelled; got \"" + status + "\""));
        }
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize < 1) {
            throw new PrewarmValidationException("limit", "limit must be an integer from 1 to " + MAX_LIMIT + ", got " + pageSize);
        }
        pageSize = Math.min(pageSize, MAX_LIMIT);
        int skip = offset == null ? 0 : offset;
        if (skip < 0) {
            throw new PrewarmValidationException("offset", "offset must be an integer of at least 0, got " + skip);
        }
        List<PrewarmTask> all = store.list(ListSource.LATEST);
        metrics.observeTasks(all);
        TaskPhase wanted = phase;
        List<PrewarmTask> matching = all.stream()
                .filter(t -> wanted == null || t.effectivePhase() == wanted)
                .sorted(NEWEST_FIRST)
                .toList();
        int from = (int) Math.min(matching.size(), (long) skip);
        int to = (int) Math.min(matching.size(), (long) from + pageSize);
        return new TaskPage(matching.subList(from, to), matching.size(), pageSize, skip);
    }

    /**
     * Asks for a task to be cancelled: from now on it shows as cancelled; the reconciler's next pass starts no more
     * pulls and deletes the task's Jobs.
     *
     * @throws TaskNotFoundException no such task
     * @throws TaskFinishedException the task has already completed, failed or been cancelled
     */
    public PrewarmTask cancel(String id) {
        for (int attempt = 1; ; attempt++) {
            PrewarmTask task = get(id);
            TaskPhase phase = task.effectivePhase();
            if (phase.finished()) {
                throw new TaskFinishedException(id, phase);
            }
            try {
                return store.writeSpec(new PrewarmTask(task.id(), task.resourceVersion(),
                        task.spec().withCancel(Timestamps.seconds(clock.instant())), task.status()));
            } catch (StaleTaskException e) {
                if (attempt >= CANCEL_ATTEMPTS) {
                    throw e;
                }
                // The reconciler wrote the status meanwhile: read again and decide again.
            }
        }
    }

    static final Comparator<PrewarmTask> NEWEST_FIRST = Comparator
            .comparing((PrewarmTask t) -> t.createdAt() == null ? Instant.EPOCH : t.createdAt())
            .thenComparing(PrewarmTask::id)
            .reversed();
}
