package dev.deckhand.cluster.failures;

import dev.deckhand.cluster.ClusterRequestException;

import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which objects the API server keeps refusing, by key ({@code deployment/deckhand-agent-node-7},
 * {@code prewarmtask/pw-1234}), and until when each is left alone. The reconciler loads it at the start of a pass and
 * stores it at the end when it changed ({@link FailureLedgerStore}), so a CronJob or Lambda pass knows what the
 * previous ones saw; a success forgets the object. Thread-safe: a pass's writes run in parallel.
 */
public final class FailureLedger {

    /** Kept at most; beyond it, the runs that end soonest are forgotten (they are retried soonest anyway). */
    static final int MAX_ENTRIES = 2000;
    static final int MAX_ERROR = 300;

    private final Map<String, Failure> entries = new ConcurrentHashMap<>();
    private final FailurePolicy policy;
    private final Clock clock;
    private final AtomicBoolean changed = new AtomicBoolean();

    public FailureLedger(Map<String, Failure> loaded, FailurePolicy policy, Clock clock) {
        this.entries.putAll(loaded);
        this.policy = policy;
        this.clock = clock;
    }

    /** A ledger that starts empty and is never stored: one {@code GET /update/monitor}, or a test. */
    public static FailureLedger empty(FailurePolicy policy, Clock clock) {
        return new FailureLedger(Map.of(), policy, clock);
    }

    public FailurePolicy policy() {
        return policy;
    }

    /** Whether the object failed recently and is still left alone. */
    public boolean backedOff(String key) {
        Failure failure = entries.get(key);
        return failure != null && clock.instant().isBefore(failure.retryAt());
    }

    public Optional<Failure> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Records a failure of the object: one more in its run when the API server answered the same as last time,
     * otherwise the first of a new run. Answers the run's length.
     */
    public int failed(String key, RuntimeException e) {
        String error = describe(e);
        Failure merged = entries.compute(key, (k, before) -> {
            int count = before != null && before.error().equals(error) ? before.count() + 1 : 1;
            return new Failure(count, error, clock.instant().plus(policy.delayAfter(count)));
        });
        changed.set(true);
        return merged.count();
    }

    /** The object's step went through: its run of failures is over. */
    public void succeeded(String key) {
        if (entries.remove(key) != null) {
            changed.set(true);
        }
    }

    /** Whether anything was recorded or forgotten since it was loaded. */
    public boolean changed() {
        return changed.get();
    }

    /** The entries to store, sorted, at most {@link #MAX_ENTRIES}. */
    public Map<String, Failure> snapshot() {
        Map<String, Failure> sorted = new TreeMap<>();
        entries.entrySet().stream()
                .sorted(Map.Entry.<String, Failure>comparingByValue(Comparator.comparing(Failure::retryAt)).reversed())
                .limit(MAX_ENTRIES)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    public int size() {
        return entries.size();
    }

    /** What decides "failed the same way": the API server's status and words, shortened. */
    static String describe(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        String text = e instanceof ClusterRequestException c ? "HTTP " + c.status() + ": " + message : message;
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) + "..." : text;
    }
}
