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
}
