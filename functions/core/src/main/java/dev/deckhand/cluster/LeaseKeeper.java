package dev.deckhand.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds an acquired lease for the duration of some work: renews it in the background every third of its
 * duration, so that work longer than the lease keeps it, and stops renewing on {@link #close()}. The lease is not
 * released: it expires one duration after its last renewal. So work shorter than a third of the duration (a steady
 * pass) writes the lease exactly once, when taking it; and a reconciler triggered less often than the duration
 * (the CronJob and the Lambda schedule: every 2 minutes, lease 30 s) never finds its own last lease in the way.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final LeaseLock lock;
    private final Clock clock;
    private final AtomicReference<LeaseGrant> grant;
    private final ScheduledExecutorService renewer;
    private volatile boolean lost;

    private LeaseKeeper(LeaseLock lock, LeaseGrant grant, Clock clock) {
        this.lock = lock;
        this.clock = clock;
        this.grant = new AtomicReference<>(grant);
        this.renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lease-" + grant.lease());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts keeping {@code grant}, just acquired from {@code lock}. */
    public static LeaseKeeper keep(LeaseLock lock, LeaseGrant grant, Clock clock) {
        LeaseKeeper keeper = new LeaseKeeper(lock, grant, clock);
        long period = Math.max(1, grant.duration().toMillis() / 3);
        keeper.renewer.scheduleWithFixedDelay(keeper::renew, period, period, TimeUnit.MILLISECONDS);
        return keeper;
    }

    /**
     * Whether the lease is still known to be ours: nobody took it over, and the last renewal has not expired.
     * A renewal that failed to reach the API server leaves the lease ours only until that expiry.
     */
    public boolean held() {
        return !lost && clock.instant().isBefore(grant.get().expires());
    }

    /** The latest grant. */
    public LeaseGrant grant() {
        return grant.get();
    }

    private void renew() {
        try {
            Optional<LeaseGrant> renewed = lock.renew(grant.get());
            if (renewed.isPresent()) {
                grant.set(renewed.get());
            } else {
                lost = true;
                LOG.warn("lease {} was taken over from {}", lock.name(), grant.get().holder());
                renewer.shutdown();
            }
        } catch (RuntimeException e) {
            LOG.warn("could not renew lease {} (ours until {}): {}", lock.name(), grant.get().expires(), e.getMessage());
        }
    }

    /** Stops renewing; the lease runs out by itself. */
    @Override
    public void close() {
        renewer.shutdown();
        try {
            renewer.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
