package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The scheduler's filters, for the node simulator: node selector, required node affinity, taints, readiness, and
 * extended resources (e.g. {@code nvidia.com/gpu}): a node fits only if its allocatable has what each container asks
 * for (what other pods hold is not counted). The demo nodes have none, so a pod asking for a GPU stays Pending.
 */
final class Scheduling {

    private Scheduling() {
    }

    /** A placement decision: a node, or why none fits (the scheduler's FailedScheduling message). */
    record Decision(String node, String message) {
    }

    static boolean isReady(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /**
     * Picks a node for a pod among {@code nodes} (by name), preferring the one with the fewest pods.
     *
     * @param podsPerNode current pod count per node name
     */
    static Decision schedule(PodSpec spec, Map<String, Node> nodes, Map<String, Integer> podsPerNode) {
        Collection<String> pinned = pinnedNames(spec);
        if (pinned != null) {
            Decision decision = schedule(spec, nodes, podsPerNode, pinned);
            if (decision.node() != null) {
                return decision;
            }
        }
        // Not pinned, or pinned by a hostname label that is not the node name: look at every node.
        return schedule(spec, nodes, podsPerNode, null);
    }

    private static Decision schedule(PodSpec spec, Map<String, Node> nodes, Map<String, Integer> podsPerNode,
                                     Collection<String> candidates) {
        int total = nodes.size();
        Map<String, Integer> reasons = new TreeMap<>();
        String best = null;
        int bestCount = Integer.MAX_VALUE;
        int considered = 0;
        for (String name : candidates == null ? nodes.keySet() : candidates) {
            Node node = nodes.get(name);
            if (node == null) {
                continue;
            }
            considered++;
            String reason = rejection(spec, node);
            if (reason != null) {
                reasons.merge(reason, 1, Integer::sum);
                continue;
            }
            int count = podsPerNode.getOrDefault(name, 0);
            if (count < bestCount || (count == bestCount && name.compareTo(best) < 0)) {
                best = name;
                bestCount = count;
            }
        }
        if (best != null) {
            return new Decision(best, null);
        }
        int unmatched = total - considered;
        if (unmatched > 0) {
            reasons.merge("node(s) didn't match Pod's node affinity/selector", unmatched, Integer::sum);
        }
        StringBuilder message = new StringBuilder("0/").append(total).append(" nodes are available");
        if (!reasons.isEmpty()) {
            message.append(": ");
            List<String> parts = new ArrayList<>();
            reasons.forEach((reason, count) -> parts.add(count + " " + reason));
            parts.sort(null); // as the scheduler's FitError does
            message.append(String.join(", ", parts));
        }
        message.append(". preemption: 0/").append(total).append(" nodes are available: ").append(total)
                .append(" Preemption is not helpful for scheduling.");
        return new Decision(null, message.toString());
    }

    /** Why a node does not fit a pod, or null when it does. */
    static String rejection(PodSpec spec, Node node) {
        if (!selectorMatches(spec, node)) {
            return "node(s) didn't match Pod's node affinity/selector";
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null
                ? List.of() : node.getSpec().getTaints();
        for (Taint taint : taints) {
            if (("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()))
                    && !tolerated(spec.getTolerations(), taint)) {
                return "node(s) had untolerated taint {" + taint.getKey() + ": "
                        + (taint.getValue() == null ? "" : taint.getValue()) + "}";
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())
                && !tolerated(spec.getTolerations(), new TaintBuilder().withEffect("NoSchedule").withKey(DemoNodes.TAINT_UNSCHEDULABLE).build())) {
            return "node(s) were unschedulable";
        }
        if (!isReady(node)
                && !tolerated(spec.getTolerations(), new TaintBuilder().withEffect("NoSchedule").withKey(DemoNodes.TAINT_NOT_READY).build())) {
            return "node(s) had untolerated taint {" + DemoNodes.TAINT_NOT_READY + ": }";
        }
        String missing = missingExtendedResource(spec, node);
        return missing == null ? null : "Insufficient " + missing;
    }

    /** An extended resource (a name with a domain, e.g. {@code nvidia.com/gpu}) a container asks for beyond the node's allocatable. */
    private static String missingExtendedResource(PodSpec spec, Node node) {
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? Map.of() : node.getStatus().getAllocatable();
        List<Container> containers = new ArrayList<>(spec.getContainers() == null ? List.of() : spec.getContainers());
        if (spec.getInitContainers() != null) {
            containers.addAll(spec.getInitContainers());
        }
        for (Container container : containers) {
            if (container.getResources() == null || container.getResources().getLimits() == null) {
                continue;
            }
            for (Map.Entry<String, Quantity> limit : container.getResources().getLimits().entrySet()) {
                if (!limit.getKey().contains("/") || limit.getKey().startsWith("kubernetes.io/")) {
                    continue;
                }
                Quantity has = allocatable.get(limit.getKey());
                if (has == null || has.getNumericalAmount().compareTo(limit.getValue().getNumericalAmount()) < 0) {
                    return limit.getKey();
                }
            }
        }
        return null;
    }

    static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
                continue;
            }
            if ("Exists".equals(t.getOperator())) {
                if (t.getKey() == null || t.getKey().isEmpty() || t.getKey().equals(taint.getKey())) {
                    return true;
                }
            } else if (Objects.equals(t.getKey(), taint.getKey())
                    && Objects.equals(nullToEmpty(t.getValue()), nullToEmpty(taint.getValue()))) {
                return true;
            }
        }
        return false;
    }

    static boolean selectorMatches(PodSpec spec, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        if (spec.getNodeSelector() != null) {
            for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
                if (!Objects.equals(labels.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
        }
        List<NodeSelectorTerm> terms = requiredTerms(spec);
        if (terms == null) {
            return true;
        }
        for (NodeSelectorTerm term : terms) {
            if (termMatches(term, node.getMetadata().getName(), labels)) {
                return true;
            }
        }
        return false;
    }

    private static boolean termMatches(NodeSelectorTerm term, String name, Map<String, String> labels) {
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement r : expressions) {
            if (!requirementMatches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            if (!"metadata.name".equals(r.getKey()) || !requirementMatches(r, name, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirementMatches(NodeSelectorRequirement r, String value, boolean present) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In":
                return present && values.contains(value);
            case "NotIn":
                return !present || !values.contains(value);
            case "Exists":
                return present;
            case "DoesNotExist":
                return !present;
            case "Gt":
            case "Lt":
                if (!present || values.size() != 1) {
                    return false;
                }
                try {
                    long actual = Long.parseLong(value);
                    long bound = Long.parseLong(values.get(0));
                    return r.getOperator().equals("Gt") ? actual > bound : actual < bound;
                } catch (NumberFormatException e) {
                    return false;
                }
            default:
                return false;
        }
    }

    private static List<NodeSelectorTerm> requiredTerms(PodSpec spec) {
        Affinity affinity = spec.getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    }

    /**
     * The only node names a pod can go to when it is pinned by a hostname selector or by name affinity, so that
     * placing 5,000 pinned pods does not look at 5,000 nodes each; null when not pinned.
     */
    static Collection<String> pinnedNames(PodSpec spec) {
        if (spec.getNodeSelector() != null && spec.getNodeSelector().containsKey(DemoNodes.LABEL_HOSTNAME)) {
            return List.of(spec.getNodeSelector().get(DemoNodes.LABEL_HOSTNAME));
        }
        List<NodeSelectorTerm> terms = requiredTerms(spec);
        if (terms == null || terms.isEmpty()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (NodeSelectorTerm term : terms) {
            List<String> termNames = null;
            for (NodeSelectorRequirement r : concat(term.getMatchFields(), term.getMatchExpressions())) {
                boolean byName = "metadata.name".equals(r.getKey()) && term.getMatchFields() != null
                        && term.getMatchFields().contains(r);
                boolean byHostname = DemoNodes.LABEL_HOSTNAME.equals(r.getKey()) && term.getMatchExpressions() != null
                        && term.getMatchExpressions().contains(r);
                if ((byName || byHostname) && "In".equals(r.getOperator()) && r.getValues() != null) {
                    termNames = r.getValues();
                    break;
                }
            }
            if (termNames == null) {
                return null;
            }
            names.addAll(termNames);
        }
        return names;
    }

    private static List<NodeSelectorRequirement> concat(List<NodeSelectorRequirement> a, List<NodeSelectorRequirement> b) {
        List<NodeSelectorRequirement> all = new ArrayList<>();
        if (a != null) {
            all.addAll(a);
        }
        if (b != null) {
            all.addAll(b);
        }
        return all;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
