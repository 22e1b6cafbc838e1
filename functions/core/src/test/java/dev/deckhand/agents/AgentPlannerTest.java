package dev.deckhand.agents;

import dev.deckhand.nodes.NodeInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentPlannerTest {

    private static final Map<AgentKind, String> HASHES = Map.of(AgentKind.DEPLOYMENT, "d1", AgentKind.SERVICE, "s1");

    private static AgentObject current(AgentKind kind, String node) {
        return new AgentObject(kind, AgentNaming.objectName(node), node, HASHES.get(kind), "1");
    }

    @Test
    void readyNodeWithoutAgentGetsDeploymentAndService() {
        List<AgentAction> plan = AgentPlanner.plan(List.of(new NodeInfo("a", true)), List.of(), HASHES);
        assertEquals(List.of(new AgentAction.Create(AgentKind.DEPLOYMENT, "a"), new AgentAction.Create(AgentKind.SERVICE, "a")), plan);
    }

    @Test
    void convergedClusterNeedsNoWrites() {
        List<AgentObject> observed = List.of(current(AgentKind.DEPLOYMENT, "a"), current(AgentKind.SERVICE, "a"));
        assertTrue(AgentPlanner.plan(List.of(new NodeInfo("a", true)), observed, HASHES).isEmpty());
    }

    @Test
    void notReadyNodeKeepsItsAgentButGetsNoNewOne() {
        List<AgentObject> observed = List.of(current(AgentKind.DEPLOYMENT, "a"));
        List<AgentAction> plan = AgentPlanner.plan(List.of(new NodeInfo("a", false), new NodeInfo("b", false)), observed, HASHES);
        assertTrue(plan.isEmpty(), plan.toString());
    }

    @Test
    void agentsOfDepartedNodesAreDeleted() {
        AgentObject gone = current(AgentKind.SERVICE, "gone");
        List<AgentAction> plan = AgentPlanner.plan(List.of(), List.of(gone), HASHES);
        assertEquals(List.of(new AgentAction.Delete(AgentKind.SERVICE, gone)), plan);
    }

    @Test
    void objectWithoutNodeAnnotationOrUnderAnotherNameIsDeleted() {
        AgentObject orphan = new AgentObject(AgentKind.DEPLOYMENT, "deckhand-agent-x", null, "d1", "1");
        AgentObject misnamed = new AgentObject(AgentKind.DEPLOYMENT, "old-name", "a", "d1", "1");
        List<AgentAction> plan = AgentPlanner.plan(List.of(new NodeInfo("a", true)),
                List.of(orphan, misnamed, current(AgentKind.SERVICE, "a")), HASHES);
        assertEquals(List.of(
                new AgentAction.Delete(AgentKind.DEPLOYMENT, orphan),
                new AgentAction.Delete(AgentKind.DEPLOYMENT, misnamed),
                new AgentAction.Create(AgentKind.DEPLOYMENT, "a")), plan);
    }

    @Test
    void changedTemplateIsRolledOut() {
        AgentObject stale = new AgentObject(AgentKind.DEPLOYMENT, AgentNaming.objectName("a"), "a", "old", "7");
        List<AgentAction> plan = AgentPlanner.plan(List.of(new NodeInfo("a", true)),
                List.of(stale, current(AgentKind.SERVICE, "a")), HASHES);
        assertEquals(List.of(new AgentAction.Update(AgentKind.DEPLOYMENT, "a", stale)), plan);
    }
}
