package dev.deckhand.agents;

import dev.deckhand.cluster.BudgetedWrites;
import dev.deckhand.cluster.PassWrites;
import dev.deckhand.nodes.NodeDirectory;
import dev.deckhand.nodes.NodeInfo;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Keeps one agent Deployment and Service on every Ready node: observe (three LISTs), plan
 * ({@link AgentPlanner}, plain data), apply (bounded parallel writes). In steady state a pass writes nothing.
 * A pass may be told to stop early; the writes it did not start are planned again by the next pass, since
 * the plan is recomputed from observation and every write is idempotent.
 */
@Singleton
public class NodeAgentReconciler {

    private final NodeDirectory nodes;
    private final AgentWorkloads workloads;
    private final String namespace;
    private final AgentTemplateSource templates;

    /** Renders from this process's own settings. */
    public NodeAgentReconciler(NodeDirectory nodes, AgentWorkloads workloads, AgentManifests manifests) {
        this(nodes, workloads, manifests, manifests::template);
    }

    /**
     * @param templates the template to render from: the one the reconciler published
     */
    @Inject
    public NodeAgentReconciler(NodeDirectory nodes, AgentWorkloads workloads, AgentManifests manifests, AgentTemplateSource templates) {
        this.nodes = nodes;
        this.workloads = workloads;
        this.namespace = manifests.namespace();
        this.templates = templates;
    }

    /** A whole pass, however long it takes, within the default budget of failing writes (GET /update/monitor). */
    public AgentReconcileResult reconcile() {
        return reconcile(() -> true);
    }

    /**
     * A pass that stops starting writes as soon as {@code mayStartWrite} answers false (asked before each
     * write): writes in flight finish, the rest are counted as deferred.
     */
    public AgentReconcileResult reconcile(BooleanSupplier mayStartWrite) {
        return reconcile(PassWrites.unrecorded(mayStartWrite));
    }

    /** A pass of the reconciler: its writes budgeted and backed off as {@code pass} says. */
    public AgentReconcileResult reconcile(PassWrites pass) {
        return reconcile(pass, templates.current());
    }

    /** A pass of the reconciler that renders from {@code template} (the one it just published). */
    public AgentReconcileResult reconcile(PassWrites pass, AgentTemplate template) {
        List<NodeInfo> cluster = nodes.list();
        List<AgentObject> observed = new ArrayList<>(workloads.list(AgentKind.DEPLOYMENT));
        observed.addAll(workloads.list(AgentKind.SERVICE));
        List<AgentAction> plan = AgentPlanner.plan(cluster, observed, template.hashes());
        return apply(plan, pass, template);
    }

    private AgentReconcileResult apply(List<AgentAction> plan, PassWrites pass, AgentTemplate template) {
        Set<String> provisioned = new ConcurrentSkipListSet<>();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger updated = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        BudgetedWrites.Outcome outcome = BudgetedWrites.apply(plan, pass, action -> {
            if (action instanceof AgentAction.Create c) {
                boolean made = c.kind() == AgentKind.DEPLOYMENT
                        ? workloads.create(template.deployment(c.node(), namespace))
                        : workloads.create(template.service(c.node(), namespace));
                if (made) {
                    created.incrementAndGet();
                    provisioned.add(c.node());
                    pass.wrote(describe(action));
                }
            } else if (action instanceof AgentAction.Update u) {
                if (u.kind() == AgentKind.DEPLOYMENT) {
                    workloads.replace(template.deployment(u.node(), namespace), u.observed());
                } else {
                    workloads.replace(template.service(u.node(), namespace), u.observed());
                }
                updated.incrementAndGet();
                pass.wrote(describe(action));
            } else if (action instanceof AgentAction.Delete d) {
                workloads.delete(d.observed());
                deleted.incrementAndGet();
                pass.wrote(describe(action));
            }
        }, NodeAgentReconciler::describe, NodeAgentReconciler::key);
        return new AgentReconcileResult(List.copyOf(new TreeSet<>(provisioned)), created.get(), updated.get(), deleted.get(),
                outcome.deferred(), outcome.failures(), outcome.skipped(), outcome.skippedObjects());
    }

    /** The object an action writes, for the failure ledger. */
    private static String key(AgentAction action) {
        String kind = action.kind().name().toLowerCase();
        if (action instanceof AgentAction.Create c) {
            return kind + "/" + AgentNaming.objectName(c.node());
        }
        if (action instanceof AgentAction.Update u) {
            return kind + "/" + u.observed().name();
        }
        return kind + "/" + ((AgentAction.Delete) action).observed().name();
    }

    private static String describe(AgentAction action) {
        String kind = action.kind().name().toLowerCase();
        if (action instanceof AgentAction.Create c) {
            return "create " + kind + " for node " + c.node();
        }
        if (action instanceof AgentAction.Update u) {
            return "update " + kind + " " + u.observed().name();
        }
        return "delete " + kind + " " + ((AgentAction.Delete) action).observed().name();
    }
}
