package dev.deckhand.tasks;

import dev.deckhand.cluster.ListSource;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The operations on one kind of task for the API that do not depend on the kind: store a new task, read one or a page
 * of them back, cancel one (404 unknown, 409 already finished). Stateless: every answer comes from the cluster, so any
 * function instance answers for any task. Validating a create request is the kind's.
 *
 * @param <T> the kind's task
 */
public abstract class TaskService<T extends StoredTask<T, ?, ?>> {

    /** Page size when the request names none. */
    public static final int DEFAULT_LIMIT = 10;
    /** Largest page; a larger {@code limit} is answered with this many. */
    public static final int MAX_LIMIT = 100;
    private static final int ID_ATTEMPTS = 3;
    private static final int CANCEL_ATTEMPTS = 5;

    private final TaskKind kind;
    private final TaskStore<T> store;
    private final TaskMetrics<T> metrics;
    private final Predicate<String> validId;
    private final BiFunction<String, String, ? extends RuntimeException> invalid;
    protected final Clock clock;

    /**
     * @param validId whether a text has the kind's id format (an id of any other shape names no task)
     * @param invalid the kind's 400: (field, message) to the exception thrown
     */
    protected TaskService(TaskKind kind, TaskStore<T> store, TaskMetrics<T> metrics, Predicate<String> validId,
                          BiFunction<String, String, ? extends RuntimeException> invalid, Clock clock) {
        this.kind = kind;
        this.store = store;
        this.metrics = metrics;
        this.validId = validId;
        this.invalid = invalid;
        this.clock = clock;
    }

    /** Stores a new task, pending, made for the time of creation; another id is drawn when the one made is taken. */
    protected final T store(Function<Instant, T> newTask) {
        for (int attempt = 1; attempt <= ID_ATTEMPTS; attempt++) {
            Optional<T> created = store.create(newTask.apply(clock.instant()));
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw new IllegalStateException("could not pick an unused " + kind.shortNoun() + " id in " + ID_ATTEMPTS
                + " attempts");
    }

    /** @throws TaskNotFoundException no task has this id (or the id is not of the kind's id format) */
    public T get(String id) {
        if (!validId.test(id)) {
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
    public TaskPage<T> list(String status, Integer limit, Integer offset) {
        TaskPhase phase = null;
        if (status != null) {
            phase = TaskPhase.parse(status).orElseThrow(() -> invalid.apply("status",
                    "status must be one of pending, running, completed, failed, cancelled; got \"" + status + "\""));
        }
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize < 1) {
            throw invalid.apply("limit", "limit must be an integer from 1 to " + MAX_LIMIT + ", got " + pageSize);
        }
        pageSize = Math.min(pageSize, MAX_LIMIT);
        int skip = offset == null ? 0 : offset;
        if (skip < 0) {
            throw invalid.apply("offset", "offset must be an integer of at least 0, got " + skip);
        }
        List<T> all = store.list(ListSource.LATEST);
        metrics.observeTasks(all);
        TaskPhase wanted = phase;
        List<T> matching = all.stream()
                .filter(t -> wanted == null || t.effectivePhase() == wanted)
                .sorted(Comparator.comparing((T t) -> t.createdAt() == null ? Instant.EPOCH : t.createdAt())
                        .thenComparing(T::id)
                        .reversed())
                .toList();
        int from = (int) Math.min(matching.size(), (long) skip);
        int to = (int) Math.min(matching.size(), (long) from + pageSize);
        return new TaskPage<>(matching.subList(from, to), matching.size(), pageSize, skip);
    }

    /**
     * Asks for a task to be cancelled: from now on it shows as cancelled; the reconciler's next pass starts no more
     * work for it.
     *
     * @throws TaskNotFoundException no such task
     * @throws TaskFinishedException the task has already completed, failed or been cancelled
     */
    public T cancel(String id) {
        for (int attempt = 1; ; attempt++) {
            T task = get(id);
            TaskPhase phase = task.effectivePhase();
            if (phase.finished()) {
                throw new TaskFinishedException(id, phase);
            }
            try {
                return store.writeSpec(task.withCancel(Timestamps.seconds(clock.instant())));
            } catch (StaleTaskException e) {
                if (attempt >= CANCEL_ATTEMPTS) {
                    throw e;
                }
                // The reconciler wrote the status meanwhile: read again and decide again.
            }
        }
    }
}
