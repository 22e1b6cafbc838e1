package dev.deckhand.agents;

import dev.deckhand.nodes.NodeInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, from plain observed data, what a pass must write so that every Ready node has exactly one
 * agent Deployment and one Service rendered from the current template. A node that is not Ready keeps
 * what it has (it may come back) but gets nothing new; objects of nodes that left are deleted.
 */
public final class AgentPlanner {

    private AgentPlanner() {
    }

    /**
     * @param nodes        every node of the cluster
     * @param observed     every agent object Deckhand owns, of both kinds
     * @param desiredHash  the current template's hash for each kind
     */
    public static List<AgentAction> plan(List<NodeInfo> nodes, List<AgentObject> observed, Map<AgentKind, String> desiredHash) {
        Set<String> present = new HashSet<>();
        for (NodeInfo node : nodes) {
            present.add(node.name());
        }
        Map<AgentKind, Map<String, AgentObject>> proper = new HashMap<>();
        List<AgentAction> actions = new ArrayList<>();
        for (AgentObject object : observed) {
            String node = object.nodeName();
            boolean belongs = node != null && present.contains(node) && object.name().equals(AgentNaming.objectName(node));
            if (belongs) {
                proper.computeIfAbsent(object.kind(), k -> new HashMap<>()).put(node, object);
            } else {
                actions.add(new AgentAction.Delete(object.kind(), object));
            }
        }
        for (NodeInfo node : nodes) {
            for (AgentKind kind : AgentKind.values()) {
                AgentObject existing = proper.getOrDefault(kind, Map.of()).get(node.name());
                if (existing == null) {
                    if (node.ready()) {
                        actions.add(new AgentAction.Create(kind, node.name()));
                    }
                } else if (node.ready() && !desiredHash.get(kind).equals(existing.specHash())) {
                    actions.add(new AgentAction.Update(kind, node.name(), existing));
                }
            }
        }
        return actions;
    }
}
