package dev.deckhand.cluster;

import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link LeaseLock} on a {@code coordination.k8s.io/v1} Lease. Every write that changes the holder is a
 * create (409 when someone created it first) or a replace carrying the resourceVersion that was read (409 when
 * someone wrote in between), so of two processes taking the lease at once the API server lets exactly one win.
 */
public class KubernetesLeaseLock implements LeaseLock {

    private static final int ATTEMPTS = 2;

    private final CoordinationV1Api api;
    private final String namespace;
    private final String name;
    private final Duration duration;
    private final Clock clock;

    /**
     * @param duration how long a take or renewal holds the lease; whole seconds, as the Lease stores it
     */
    public KubernetesLeaseLock(CoordinationV1Api api, String namespace, String name, Duration duration, Clock clock) {
        if (duration.toSeconds() < 1) {
            throw new IllegalArgumentException("a lease lasts at least 1 s, not " + duration);
        }
        this.api = api;
        this.namespace = namespace;
        this.name = name;
        this.duration = Duration.ofSeconds(duration.toSeconds());
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LeaseAttempt tryAcquire(String holder) {
        LeaseRecord observed = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            observed = read().map(KubernetesLeaseLock::record).orElse(null);
            Instant now = now();
            LeaseDecision decision = LeaseDecision.decide(observed, holder, now);
            if (decision == LeaseDecision.WAIT) {
                return held(observed);
            }
            Optional<LeaseGrant> taken = decision == LeaseDecision.CREATE ? create(holder, now) : take(observed, holder, now);
            if (taken.isPresent()) {
                return new LeaseAttempt.Acquired(taken.get());
            }
            // Someone wrote the lease between our read and our write: read again to see who holds it now.
        }
        return held(read().map(KubernetesLeaseLock::record).orElse(observed));
    }

    @Override
    public Optional<LeaseGrant> renew(LeaseGrant grant) {
        Instant now = now();
        // Only the holder writes a held lease, so our last resourceVersion still being current proves we hold it.
        return replace(lease(grant.holder(), grant.acquired(), now, grant.transitions(), grant.resourceVersion()), "renew")
                .map(written -> grant(written, grant.holder(), grant.acquired(), now, grant.transitions()));
    }

    private Optional<V1Lease> read() {
        try {
            return Optional.of(KubernetesCalls.call("read lease " + name,
                    () -> api.readNamespacedLease(name, namespace).execute()));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<LeaseGrant> create(String holder, Instant now) {
        V1Lease lease = lease(holder, now, now, 0, null);
        try {
            V1Lease created = KubernetesCalls.call("create lease " + name, () -> api.createNamespacedLease(namespace, lease).execute());
            return Optional.of(grant(created, holder, now, now, 0));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<LeaseGrant> take(LeaseRecord observed, String holder, Instant now) {
        boolean sameHolder = holder.equals(observed.holder());
        Instant acquired = sameHolder && observed.acquired() != null ? observed.acquired() : now;
        int transitions = observed.transitions() + (sameHolder || observed.released() ? 0 : 1);
        return replace(lease(holder, acquired, now, transitions, observed.resourceVersion()), "take")
                .map(written -> grant(written, holder, acquired, now, transitions));
    }

    /** Replace conditional on the body's resourceVersion; empty when someone else wrote (409) or deleted (404) it since. */
    private Optional<V1Lease> replace(V1Lease lease, String what) {
        try {
            return Optional.of(KubernetesCalls.call(what + " lease " + name,
                    () -> api.replaceNamespacedLease(name, namespace, lease).execute()));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409) || KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private V1Lease lease(String holder, Instant acquired, Instant renewed, int transitions, String resourceVersion) {
        return new V1Lease()
                .apiVersion("coordination.k8s.io/v1").kind("Lease")
                .metadata(new V1ObjectMeta().name(name).namespace(namespace).resourceVersion(resourceVersion)
                        .labels(Map.of(DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE)))
                .spec(new V1LeaseSpec()
                        .holderIdentity(holder)
                        .leaseDurationSeconds((int) duration.toSeconds())
                        .acquireTime(OffsetDateTime.ofInstant(acquired, ZoneOffset.UTC))
                        .renewTime(OffsetDateTime.ofInstant(renewed, ZoneOffset.UTC))
                        .leaseTransitions(transitions));
    }

    private LeaseGrant grant(V1Lease written, String holder, Instant acquired, Instant renewed, int transitions) {
        return new LeaseGrant(name, holder, acquired, renewed, duration, transitions, written.getMetadata().getResourceVersion());
    }

    private LeaseAttempt.Held held(LeaseRecord observed) {
        if (observed == null) {
            return new LeaseAttempt.Held(name, "(unknown)", now());
        }
        Instant until = observed.expires() != null ? observed.expires() : now();
        return new LeaseAttempt.Held(name, observed.released() ? "(nobody)" : observed.holder(), until);
    }

    /** Lease times are MicroTime: keep what we remember equal to what the server stores. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static LeaseRecord record(V1Lease lease) {
        V1LeaseSpec spec = lease.getSpec() == null ? new V1LeaseSpec() : lease.getSpec();
        return new LeaseRecord(
                spec.getHolderIdentity(),
                spec.getAcquireTime() == null ? null : spec.getAcquireTime().toInstant(),
                spec.getRenewTime() == null ? null : spec.getRenewTime().toInstant(),
                spec.getLeaseDurationSeconds() == null ? null : Duration.ofSeconds(spec.getLeaseDurationSeconds()),
                spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions(),
                lease.getMetadata() == null ? null : lease.getMetadata().getResourceVersion());
    }
}
