package dev.deckhand.reconciler;

import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import io.micronaut.context.ApplicationContext;

import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the reconciler.
 * <ul>
 *   <li>{@code deckhand.reconciler.mode=once} (default; {@code DECKHAND_RECONCILER_MODE=once}): one pass within
 *       {@code deckhand.reconciler.budget}, then exit. For a Kubernetes CronJob.</li>
 *   <li>{@code daemon}: a pass every {@code deckhand.reconciler.interval} until SIGTERM.</li>
 * </ul>
 * Exit status of {@code once}:
 * <ul>
 *   <li>0: the pass converged, or it deferred part of its plan to the next run (budget used up), or it was
 *       skipped because another pass holds the lease. None of these is a failure, and a non-zero status
 *       would make Kubernetes treat it as one: the Job controller would start the pod again ({@code backoffLimit}),
 *       or restart it in place under {@code restartPolicy: OnFailure}, racing for a lease that is busy, and end
 *       by marking the Job Failed. The line printed says which of the three it was.</li>
 *   <li>1: a write failed (the next run retries it).</li>
 *   <li>2: the Kubernetes API server could not be reached, or refused a read or the lease.</li>
 * </ul>
 */
public final class ReconcilerApplication {

    static final int EXIT_OK = 0;
    static final int EXIT_WRITE_FAILED = 1;
    static final int EXIT_CLUSTER = 2;

    private ReconcilerApplication() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApplicationContext context = ApplicationContext.run(args);
        if (context.getBean(ReconcilerSettings.class).mode() == ReconcilerSettings.Mode.DAEMON) {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                context.close();
                stopped.countDown();
            }));
            stopped.await();
            return;
        }
        int status;
        try (context) {
            status = runOnce(context.getBean(ReconcilePass.class));
        }
        System.exit(status);
    }

    static int runOnce(ReconcilePass pass) {
        try {
            PassSummary summary = pass.run();
            if (summary.outcome() == PassSummary.Outcome.FAILED) {
                System.err.println(summary.describe());
                return EXIT_WRITE_FAILED;
            }
            System.out.println(summary.describe());
            return EXIT_OK;
        } catch (ClusterUnavailableException | ClusterRequestException e) {
            System.err.println("not converged: " + e.getMessage());
            return EXIT_CLUSTER;
        }
    }
}
