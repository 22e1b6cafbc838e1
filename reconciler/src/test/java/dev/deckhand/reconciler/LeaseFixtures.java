package dev.deckhand.reconciler;

import dev.deckhand.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** The reconciler's Lease as another process left it, written with the sandbox's own client. */
public final class LeaseFixtures {

    private LeaseFixtures() {
    }

    /** Held by {@code holder}, renewed {@code ago}, for {@code seconds}. */
    public static void hold(SandboxCluster cluster, String holder, Duration ago, int seconds) {
        ZonedDateTime renewed = ZonedDateTime.now(ZoneOffset.UTC).minus(ago);
        cluster.client().leases().inNamespace("deckhand").resource(new LeaseBuilder()
                .withNewMetadata().withName(Sandboxes.LEASE).withNamespace("deckhand").endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(seconds)
                .withAcquireTime(renewed).withRenewTime(renewed).withLeaseTransitions(0).endSpec()
                .build()).create();
    }

    public static Lease read(SandboxCluster cluster) {
        return cluster.client().leases().inNamespace("deckhand").withName(Sandboxes.LEASE).get();
    }

    /**
     * As the lease is once its duration has run out since its holder's last write: a pass does not release it, so a
     * test that starts another process (a new CronJob pod) right after a pass makes the time pass this way.
     */
    public static void expire(SandboxCluster cluster) {
        Lease lease = read(cluster);
        ZonedDateTime past = ZonedDateTime.now(ZoneOffset.UTC).minusHours(1);
        lease.getSpec().setRenewTime(past);
        lease.getSpec().setAcquireTime(past);
        cluster.client().leases().inNamespace("deckhand").resource(lease).update();
    }
}
