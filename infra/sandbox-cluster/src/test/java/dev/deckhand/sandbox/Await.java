package dev.deckhand.sandbox;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls until a value satisfies a condition; fails with the last value seen. */
final class Await {

    private Await() {
    }

    static <T> T until(Duration timeout, Callable<T> probe, Predicate<T> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (last != null && done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + what + "; last value: " + last);
                if (lastError != null) {
                    error.initCause(lastError);
                }
                throw error;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static <T> T until(Callable<T> probe, Predicate<T> done, String what) {
        return until(Duration.ofSeconds(15), probe, done, what);
    }
}
