package dev.deckhand.reconciler;

import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import io.micronaut.context.ApplicationContext;

import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the reconciler.
 * <ul>
 *   <li>{@code deckhand.reconciler.mode=once} (default; {@code DECKHAND_RECONCILER_MODE=once}): one pass, then exit
 *       0 when converged, 1 with the reason when a write failed, 2 when the cluster could not be reached. For a
 *       Kubernetes CronJob.</li>
 *   <li>{@code daemon}: a pass every {@code deckhand.reconciler.interval} until SIGTERM.</li>
 * </ul>
 */
public final class ReconcilerApplication {

    private ReconcilerApplication() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApplicationContext context = ApplicationContext.run(args);
        String mode = context.getProperty("deckhand.reconciler.mode", String.class).orElse("once");
        if ("daemon".equals(mode)) {
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
            if (summary.converged()) {
                System.out.println("converged: " + summary.describe());
                return 0;
            }
            System.err.println("not converged: " + summary.describe());
            return 1;
        } catch (ClusterUnavailableException | ClusterRequestException e) {
            System.err.println("not converged: " + e.getMessage());
            return 2;
        }
    }
}
