package dev.deckhand.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies a reconcile pass's planned writes, {@value #PARALLELISM} at a time, and starts none once the pass may no
 * longer write (its budget is used up or its lease is lost): those are deferred to the next pass. A write that fails
 * is reported and the others go on; the next pass retries it.
 */
public final class BudgetedWrites {

    /** Writes in flight at once: the API server is the bottleneck, not this side. */
    public static final int PARALLELISM = 8;

    private static final Logger LOG = LoggerFactory.getLogger(BudgetedWrites.class);

    /**
     * @param deferred writes not started
     * @param failures {@code "what: why"} of each failed write, sorted
     */
    public record Outcome(int deferred, List<String> failures) {
    }

    private BudgetedWrites() {
    }

    /**
     * Runs {@code write} for each action of {@code plan}.
     *
     * @param mayStartWrite asked as each write would start (not when it is queued: all are queued at once)
     * @param describe      names an action in failures and logs
     */
    public static <A> Outcome apply(List<A> plan, BooleanSupplier mayStartWrite, Consumer<A> write, Function<A, String> describe) {
        if (plan.isEmpty()) {
            return new Outcome(0, List.of());
        }
        AtomicInteger deferred = new AtomicInteger();
        AtomicBoolean stopped = new AtomicBoolean();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLELISM, plan.size()));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (A action : plan) {
                running.add(pool.submit(() -> {
                    if (stopped.get() || !mayStartWrite.getAsBoolean()) {
                        stopped.set(true);
                        deferred.incrementAndGet();
                        return;
                    }
                    try {
                        write.accept(action);
                    } catch (RuntimeException e) {
                        LOG.warn("write failed: {}: {}", describe.apply(action), e.getMessage());
                        failures.add(describe.apply(action) + ": " + e.getMessage());
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted before all writes finished");
        } catch (ExecutionException e) {
            failures.add(String.valueOf(e.getCause()));
        } finally {
            pool.shutdownNow();
        }
        List<String> sorted = new ArrayList<>(failures);
        Collections.sort(sorted);
        return new Outcome(deferred.get(), sorted);
    }
}
