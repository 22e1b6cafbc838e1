package dev.deckhand.reconciler;

import dev.deckhand.cluster.ClusterRequestException;
import dev.deckhand.cluster.ClusterUnavailableException;
import dev.deckhand.cluster.PassWrites;
import dev.deckhand.cluster.failures.Failure;
import dev.deckhand.cluster.failures.FailureLedger;
import dev.deckhand.cluster.failures.FailureLedgerStore;
import dev.deckhand.cluster.failures.FailurePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import dev.deckhand.cleanup.CleanupReconcileResult;
import dev.deckhand.cleanup.CleanupReconciler;
import dev.deckhand.prewarm.PrewarmReconcileResult;
import dev.deckhand.prewarm.PrewarmReconciler;
import dev.deckhand.services.ServicesReconcileResult;
import dev.deckhand.services.ServicesReconciler;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.deckhand.agents.AgentReconcileResult;
import dev.deckhand.agents.AgentManifests;
import dev.deckhand.agents.AgentTemplate;
import dev.deckhand.agents.AgentTemplates;
import dev.deckhand.agents.NodeAgentReconciler;
import dev.deckhand.cluster.LeaseAttempt;
import dev.deckhand.cluster.LeaseKeeper;
import dev.deckhand.cluster.LeaseLock;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One reconcile pass over everything Deckhand keeps converged. Every trigger runs this same code: take the
 * lease (or report who holds it and do nothing), reconcile, starting no write once the budget is used up or
 * the lease is lost, then release the lease.
 */
@Singleton
public class ReconcilePass {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcilePass.class);

    private final NodeAgentReconciler nodeAgents;
    private final Function<PassWrites, PrewarmReconcileResult> prewarm;
    private final Function<PassWrites, ServicesReconcileResult> services;
    /** Advances the image cleanups; idle in passes built without one. */
    private Function<PassWrites, CleanupReconcileResult> cleanup = pass -> CleanupReconcileResult.idle(0);
    private final LeaseLock lease;
    private final ReconcilerSettings settings;
    private final Clock clock;
    private final String identity;
    private final FailureLedgerStore ledgers;
    private final FailurePolicy policy;
    private final PassMetrics metrics;
    /**
     * Publishes the agent template this process renders from its settings, for the node-agent step and the functions'
     * {@code GET /update/monitor} to render from (the reconciler owns it); null: the node-agent step renders its own.
     */
    private Supplier<AgentTemplate> publishTemplate;
    /** The lease lets its holder take it again (a retried Lambda request); two passes of one process must not both. */
    private final ReentrantLock running = new ReentrantLock();

    @Inject
    public ReconcilePass(NodeAgentReconciler nodeAgents, PrewarmReconciler prewarm, ServicesReconciler services, LeaseLock lease,
                         ReconcilerSettings settings, FailureLedgerStore ledgers, FailurePolicy policy, PassMetrics metrics,
                         AgentTemplates templates, AgentManifests manifests, CleanupReconciler cleanup) {
        this(nodeAgents, prewarm::reconcile, services::reconcile, lease, settings, Clock.systemUTC(), processIdentity(),
                ledgers, policy, metrics);
        this.cleanup = cleanup::reconcile;
        this.publishTemplate = () -> {
            AgentTemplate template = manifests.template();
            if (templates.publish(template)) {
                LOG.info("published the node agent template {}", template.hashes());
            }
            return template;
        };
    }

    /** A pass without the services step (it keeps no services), whose failure ledger lasts one pass. */
    public ReconcilePass(NodeAgentReconciler nodeAgents, Function<PassWrites, PrewarmReconcileResult> prewarm,
                         LeaseLock lease, ReconcilerSettings settings, Clock clock, String identity) {
        this(nodeAgents, prewarm, pass -> ServicesReconcileResult.idle(), lease, settings, clock, identity, null,
                FailurePolicy.defaults(), new PassMetrics(null));
    }

    /**
     * @param prewarm  advances the prewarm tasks, starting no pull or Job once its argument says no
     * @param services keeps the desired services running, starting no write once its argument says no
     * @param ledgers  where the failure ledger is kept between passes; null: each pass starts with an empty one
     */
    public ReconcilePass(NodeAgentReconciler nodeAgents, Function<PassWrites, PrewarmReconcileResult> prewarm,
                         Function<PassWrites, ServicesReconcileResult> services,
                         LeaseLock lease, ReconcilerSettings settings, Clock clock, String identity,
                         FailureLedgerStore ledgers, FailurePolicy policy, PassMetrics metrics) {
        this.nodeAgents = nodeAgents;
        this.prewarm = prewarm;
        this.services = services;
        this.lease = lease;
        this.settings = settings;
        this.clock = clock;
        this.identity = identity;
        this.ledgers = ledgers;
        this.policy = policy;
        this.metrics = metrics;
    }

    /** This process's lease identity: the pod's (or host's) name and a random suffix. */
    public String identity() {
        return identity;
    }

    /** A pass within {@code deckhand.reconciler.budget}: the run-once (CronJob) trigger. */
    public PassSummary run() {
        return run(identity, settings.budget());
    }

    /** A pass under this process's identity that starts no write after {@code budget}. */
    public PassSummary run(Duration budget) {
        return run(identity, budget);
    }

    /** A pass that takes the lease as {@code holder} and starts no write after {@code budget}. */
    public PassSummary run(String holder, Duration budget) {
        long started = System.nanoTime();
        Instant deadline = clock.instant().plus(budget);
        if (!running.tryLock()) {
            return PassSummary.skipped(holder, "another pass of this process is running", millisSince(started));
        }
        try {
            LeaseAttempt attempt = lease.tryAcquire(holder);
            if (attempt instanceof LeaseAttempt.Held held) {
                return PassSummary.skipped(holder, held.describe(), millisSince(started));
            }
            AtomicReference<String> stoppedEarly = new AtomicReference<>();
            BooleanSupplier mayStartWrite;
            PassWrites writes;
            AgentReconcileResult agents;
            PrewarmReconcileResult tasks;
            ServicesReconcileResult kept;
            CleanupReconcileResult cleaned;
            FailureLedger ledger;
            try (LeaseKeeper keeper = LeaseKeeper.keep(lease, ((LeaseAttempt.Acquired) attempt).grant(), clock)) {
                ledger = new FailureLedger(loadLedger(), policy, clock);
                mayStartWrite = () -> {
                    if (!clock.instant().isBefore(deadline)) {
                        stoppedEarly.compareAndSet(null, "budget of " + budget.toMillis() + " ms used up");
                        return false;
                    }
                    if (!keeper.held()) {
                        stoppedEarly.compareAndSet(null, "lease " + lease.name() + " lost");
                        return false;
                    }
                    return true;
                };
                writes = new PassWrites(mayStartWrite, ledger);
                agents = nodeAgentsStep(writes);
                tasks = prewarmStep(writes);
                cleaned = cleanupStep(writes);
                kept = servicesStep(writes);
                saveLedger(ledger, writes);
            }
            PassSummary summary = PassSummary.ran(holder, agents, tasks, kept, cleaned, stoppedEarly.get(), writes,
                    millisSince(started));
            metrics.record(summary, ledger.size());
            return summary;
        } finally {
            running.unlock();
        }
    }

    private Map<String, Failure> loadLedger() {
        if (ledgers == null) {
            return Map.of();
        }
        try {
            return ledgers.load();
        } catch (ClusterRequestException e) {
            // Refused (e.g. RBAC not updated yet): reconcile without memory of earlier failures rather than not at all.
            LOG.warn("could not read the failure ledger, starting with an empty one: {}", e.getMessage());
            return Map.of();
        }
    }

    /**
     * Publishes the agent template, then keeps the agents. A template that cannot be published leaves the agents
     * rendered from the one published before (as the functions render them), and is one failure of the pass.
     */
    private AgentReconcileResult nodeAgentsStep(PassWrites writes) {
        if (publishTemplate != null) {
            AgentTemplate published;
            try {
                published = publishTemplate.get();
            } catch (ClusterRequestException e) {
                LOG.warn("could not publish the node agent template: {}", e.getMessage());
                writes.noteError("publish the agent template: " + e.getMessage());
                AgentReconcileResult kept = nodeAgents.reconcile(writes);
                List<String> failures = new java.util.ArrayList<>(kept.failures());
                failures.add(0, "publish the agent template: " + e.getMessage());
                return new AgentReconcileResult(kept.provisionedNodes(), kept.created(), kept.updated(), kept.deleted(),
                        kept.deferred(), List.copyOf(failures), kept.skipped(), kept.skippedObjects());
            }
            return nodeAgents.reconcile(writes, published);
        }
        return nodeAgents.reconcile(writes);
    }

    /** Stores the ledger when the pass changed it: a steady pass writes nothing here. */
    private void saveLedger(FailureLedger ledger, PassWrites writes) {
        if (ledgers == null || !ledger.changed()) {
            return;
        }
        try {
            ledgers.save(ledger.snapshot());
        } catch (RuntimeException e) {
            // The next pass backs off less than it should; it is still bounded by the failing-write budget.
            LOG.warn("could not store the failure ledger: {}", e.getMessage());
            writes.noteError("store the failure ledger: " + e.getMessage());
        }
    }

    /** The prewarm step; an API server that fails the task LIST is one failure of the pass, not its end. */
    private PrewarmReconcileResult prewarmStep(PassWrites mayStartWrite) {
        try {
            return prewarm.apply(mayStartWrite);
        } catch (ClusterUnavailableException | ClusterRequestException e) {
            mayStartWrite.noteError("prewarm: " + e.getMessage());
            return new PrewarmReconcileResult(0, 0, 0, 0, 0, 0, 0, 0, 0, List.of("prewarm: " + e.getMessage()));
        }
    }

    /** The cleanup step; an API server that fails the task LIST is one failure of the pass, not its end. */
    private CleanupReconcileResult cleanupStep(PassWrites mayStartWrite) {
        try {
            return cleanup.apply(mayStartWrite);
        } catch (ClusterUnavailableException | ClusterRequestException e) {
            mayStartWrite.noteError("cleanup: " + e.getMessage());
            return CleanupReconcileResult.failed("cleanup: " + e.getMessage());
        }
    }

    /** The services step, after the others; an API server that fails its LISTs is one failure of the pass, not its end. */
    private ServicesReconcileResult servicesStep(PassWrites mayStartWrite) {
        try {
            return services.apply(mayStartWrite);
        } catch (ClusterUnavailableException | ClusterRequestException e) {
            mayStartWrite.noteError("services: " + e.getMessage());
            return ServicesReconcileResult.failed("services: " + e.getMessage());
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    static String processIdentity() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "deckhand-reconciler";
            }
        }
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
