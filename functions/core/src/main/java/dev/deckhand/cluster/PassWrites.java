package dev.deckhand.cluster;

import dev.deckhand.cluster.failures.FailureLedger;
import dev.deckhand.cluster.failures.FailurePolicy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * What one pass may still write, shared by all its steps: whether it may start a write at all (time and lease), the
 * {@link FailureLedger} of objects left alone after refused writes, and the budget of failing writes
 * ({@link FailurePolicy#writeBudget()}), of which a write reserves one unit while it is in flight and gives it back when
 * it succeeds, so that even with writes in parallel no more than the budget can fail.
 */
public final class PassWrites {

    /** Writes named in a pass's summary; the rest are counted. */
    public static final int NAMED_WRITES = 20;
    private static final long WAIT_MILLIS = 20;

    private final BooleanSupplier mayStartWrite;
    private final FailureLedger ledger;
    private final Semaphore budget;
    private final AtomicInteger failedWrites = new AtomicInteger();
    private final AtomicInteger backedOff = new AtomicInteger();
    private final AtomicInteger overBudget = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final Queue<String> named = new ConcurrentLinkedQueue<>();

    public PassWrites(BooleanSupplier mayStartWrite, FailureLedger ledger) {
        this.mayStartWrite = mayStartWrite;
        this.ledger = ledger;
        this.budget = new Semaphore(ledger.policy().writeBudget());
    }

    /** A pass with the default policy and a ledger of its own that is never stored. */
    public static PassWrites unrecorded(BooleanSupplier mayStartWrite) {
        return new PassWrites(mayStartWrite, FailureLedger.empty(FailurePolicy.defaults(), Clock.systemUTC()));
    }

    public boolean mayStartWrite() {
        return mayStartWrite.getAsBoolean();
    }

    public BooleanSupplier mayStartWriteSupplier() {
        return mayStartWrite;
    }

    public FailureLedger ledger() {
        return ledger;
    }

    /** Why a write was not started. */
    public enum Skip {
        /** The object failed recently and is left alone until its backoff is over. */
        BACKED_OFF,
        /** The pass's budget of failing writes is spent. */
        OVER_BUDGET
    }

    /**
     * Reserves a unit of the failing-write budget for a write of {@code key}; null when the write may start, otherwise
     * why not (counted). Waits while every unit left is held by writes in flight, any of which may give theirs back.
     */
    public Skip reserve(String key) {
        if (ledger.backedOff(key)) {
            backedOff.incrementAndGet();
            return Skip.BACKED_OFF;
        }
        try {
            while (!budget.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                if (failedWrites.get() >= ledger.policy().writeBudget()) {
                    overBudget.incrementAndGet();
                    return Skip.OVER_BUDGET;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            overBudget.incrementAndGet();
            return Skip.OVER_BUDGET;
        }
        return null;
    }

    /** The reserved write of {@code key} went through: its unit is given back and the object's failures forgotten. */
    public void succeeded(String key) {
        budget.release();
        ledger.succeeded(key);
    }

    /**
     * The reserved write of {@code key} failed: its unit is spent. A refusal by the API server is recorded against the
     * object (it is then left alone for a while); an unreachable API server is not the object's doing, so it is not. A
     * write not sent because it would be refused ({@link UnsentWriteException}) is recorded as a refusal and gives its
     * unit back.
     *
     * @return how many passes in a row the object was refused the same way; 0 when it was not refused
     */
    public int failed(String key, String description, RuntimeException e) {
        firstError.compareAndSet(null, description + ": " + e.getMessage());
        if (e instanceof UnsentWriteException) {
            // Nothing reached the API server: the unit goes back, and the object is left alone as after a refusal.
            budget.release();
            return ledger.failed(key, e);
        }
        failedWrites.incrementAndGet();
        return e instanceof ClusterRequestException ? ledger.failed(key, e) : 0;
    }

    /** Notes a write the API server accepted ({@code "create deployment for node n1"}), for the pass's summary. */
    public void wrote(String description) {
        if (writes.incrementAndGet() <= NAMED_WRITES) {
            named.add(description);
        }
    }

    /** Writes noted with {@link #wrote}. */
    public int writes() {
        return writes.get();
    }

    /** The first {@value #NAMED_WRITES} writes noted, sorted. */
    public List<String> namedWrites() {
        List<String> sorted = new ArrayList<>(named);
        Collections.sort(sorted);
        return List.copyOf(sorted);
    }

    /** Notes an error of a step that is not a budgeted write (e.g. a prewarm task's), if it is the pass's first. */
    public void noteError(String error) {
        firstError.compareAndSet(null, error);
    }

    public int failedWrites() {
        return failedWrites.get();
    }

    /** Writes not started because their object was backed off. */
    public int backedOff() {
        return backedOff.get();
    }

    /** Writes not started because the failing-write budget was spent. */
    public int overBudget() {
        return overBudget.get();
    }

    /** The first failure of the pass, or null. */
    public String firstError() {
        return firstError.get();
    }
}
