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
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies a reconcile pass's planned writes, {@value #PARALLELISM} at a time, as a rate-limited work queue would:
 * <ul>
 *   <li>none starts once the pass may no longer write (its time is up or its lease is lost): those are deferred to
 *       the next pass;</li>
 *   <li>an object whose last write the API server refused is left alone until its backoff is over
 *       ({@link PassWrites#reserve}), and once the pass's budget of failing writes is spent the writes not started are
 *       skipped: so an API server that refuses every create (a full service range, a quota, a webhook) gets a bounded
 *       number of refused requests per pass, not one per object;</li>
 *   <li>a write that fails is reported and the others go on; a later pass retries it. One refused the same way on
 *       {@code give-up-after} passes in a row is reported as failed, and retried at the longest backoff.</li>
 * </ul>
 */
public final class BudgetedWrites {

    /** Writes in flight at once: the API server is the bottleneck, not this side. */
    public static final int PARALLELISM = 8;
    /** Skipped objects named in an outcome; the rest are counted. */
    public static final int NAMED_SKIPS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(BudgetedWrites.class);

    /**
     * @param deferred writes not started because the pass had to stop
     * @param skipped  writes not started because their object is backed off or the failing-write budget was spent
     * @param skippedObjects the first {@value #NAMED_SKIPS} of those, described, sorted
     * @param failures {@code "what: why"} of each failed write, sorted
     */
    public record Outcome(int deferred, int skipped, List<String> skippedObjects, List<String> failures) {
    }

    private BudgetedWrites() {
    }

    /**
     * Runs {@code write} for each action of {@code plan}.
     *
     * @param pass     asked as each write would start (not when it is queued: all are queued at once)
     * @param describe names an action in failures and logs
     * @param key      the object an action writes, as the failure ledger knows it (e.g. {@code service/NAME})
     */
    public static <A> Outcome apply(List<A> plan, PassWrites pass, Consumer<A> write, Function<A, String> describe,
                                    Function<A, String> key) {
        if (plan.isEmpty()) {
            return new Outcome(0, 0, List.of(), List.of());
        }
        AtomicInteger deferred = new AtomicInteger();
        AtomicBoolean stopped = new AtomicBoolean();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLELISM, plan.size()));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (A action : plan) {
                running.add(pool.submit(() -> {
                    if (stopped.get() || !pass.mayStartWrite()) {
                        stopped.set(true);
                        deferred.incrementAndGet();
                        return;
                    }
                    String object = key.apply(action);
                    PassWrites.Skip skip = pass.reserve(object);
                    if (skip != null) {
                        skipped.add(describe.apply(action) + (skip == PassWrites.Skip.BACKED_OFF
                                ? " (backed off after a refused write)" : " (budget of failing writes spent)"));
                        return;
                    }
                    try {
                        write.accept(action);
                        pass.succeeded(object);
                    } catch (RuntimeException e) {
                        LOG.warn("write failed: {}: {}", describe.apply(action), e.getMessage());
                        int run = pass.failed(object, describe.apply(action), e);
                        failures.add(describe.apply(action) + ": " + (run >= pass.ledger().policy().giveUpAfter()
                                ? "failed, refused the same way on " + run + " passes in a row (retried every "
                                + pass.ledger().policy().maxBackoff().toMinutes() + " min at most): " : "") + e.getMessage());
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
        List<String> skips = new ArrayList<>(skipped);
        Collections.sort(skips);
        if (!skips.isEmpty()) {
            LOG.warn("{} writes skipped, e.g. {}", skips.size(), skips.get(0));
        }
        return new Outcome(deferred.get(), skips.size(), List.copyOf(skips.subList(0, Math.min(NAMED_SKIPS, skips.size()))), sorted);
    }
}
