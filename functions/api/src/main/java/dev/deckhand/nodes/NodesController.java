package dev.deckhand.nodes;

import dev.deckhand.api.NeedsCaller;
import dev.deckhand.auth.Roles;
import io.micronaut.security.annotation.Secured;
import dev.deckhand.agents.NodeAgentReconciler;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** Seed 000's node routes. */
@Secured(Roles.ADMIN)
@NeedsCaller
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "nodes")
public class NodesController {

    private final NodeDirectory nodes;
    private final NodeAgentReconciler agents;

    public NodesController(NodeDirectory nodes, NodeAgentReconciler agents) {
        this.nodes = nodes;
        this.agents = agents;
    }

    @Operation(summary = "Names of every node in the cluster")
    @Get("/get/nodes")
    public List<String> nodes() {
        return nodes.list().stream().map(NodeInfo::name).toList();
    }

    @Operation(summary = "Run the node-agent reconcile now",
            description = "Creates the agent Deployment and Service of every Ready node that lacks them and answers the nodes provisioned (empty when nothing was missing).")
    @Get("/update/monitor")
    public List<String> monitor() {
        return agents.reconcile().provisionedNodes();
    }
}
