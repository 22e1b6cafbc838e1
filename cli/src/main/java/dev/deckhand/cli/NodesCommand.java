package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code GET /get/nodes}; {@code nodes monitor}: {@code GET /update/monitor}. */
@Command(name = "nodes", description = "List the nodes (GET /get/nodes).", subcommands = NodesCommand.Monitor.class)
class NodesCommand extends ApiCommand {

    @Override
    public Integer call() {
        Api.Answer answer = api().get("/get/nodes");
        if (json()) {
            return printJson(answer);
        }
        Human.Table table = new Human.Table("NODE");
        answer.json().forEach(node -> table.row(node.asText()));
        return print(table.render());
    }

    @Command(name = "monitor", description = "Run the node-agent reconcile now (GET /update/monitor).")
    static class Monitor extends ApiCommand {
        @Override
        public Integer call() {
            Api.Answer answer = api().get("/update/monitor");
            if (json()) {
                return printJson(answer);
            }
            JsonNode created = answer.json();
            return print(created.isEmpty() ? "every node has its agent"
                    : "created agents for: " + Human.join(created).replace(",", ", "));
        }
    }
}
