package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Image cleanups: {@code /api/v1/cleanups}. */
@Command(name = "cleanup", description = "Create, follow and cancel image cleanups: remove images no container uses.",
        subcommands = {CleanupCommand.Create.class, CleanupCommand.Get.class, CleanupCommand.ListTasks.class,
                CleanupCommand.Cancel.class, CleanupCommand.Watch.class},
        modelTransformer = TaskCommands.IdLabel.class)
class CleanupCommand extends TaskCommands.KindGroup {

    static final TaskKind KIND = new TaskKind("cleanup", "cleanup", "/api/v1/cleanups", CleanupCommand::removed);

    CleanupCommand() {
        super(KIND);
    }

    /** {@code 12 images removed (340.2 MB)}, or {@code would be removed} in a dry run. */
    static String removed(JsonNode task) {
        return String.format(Locale.ROOT, "%d images %s (%s)", task.path("imagesRemoved").asLong(),
                task.path("dryRun").asBoolean() ? "would be removed" : "removed", Human.size(task.path("bytesFreed").asLong()));
    }

    @Command(name = "create", description = "Create a cleanup (POST /api/v1/cleanups).")
    static class Create extends TaskCommands.Create {
        @Option(names = "--images", split = ",",
                description = "references or repository prefixes to remove, comma-separated (default: every image no container uses)")
        List<String> images;

        @Option(names = "--keep", split = ",", description = "references or repository prefixes never removed, comma-separated")
        List<String> keep;

        @Option(names = "--dry-run", description = "report per node what would be removed and the bytes; remove nothing")
        boolean dryRun;

        @Option(names = "--unused-for", description = "refused by the server: the runtime keeps no last-used time")
        String unusedFor;

        @Option(names = "--batch-size", description = "nodes cleaned at once (server default 10)")
        Integer batchSize;

        @Option(names = "--strategy", description = "batch (default) or window")
        String strategy;

        @Option(names = "--wait", description = "watch the cleanup until it ends")
        boolean waitForIt;

        @Override
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (images != null) {
                body.put("images", images);
            }
            if (keep != null) {
                body.put("keep", keep);
            }
            if (dryRun) {
                body.put("dryRun", true);
            }
            if (unusedFor != null) {
                body.put("unusedFor", unusedFor);
            }
            if (batchSize != null) {
                body.put("batchSize", batchSize);
            }
            if (strategy != null) {
                body.put("strategy", strategy);
            }
            return body;
        }

        @Override
        String created(JsonNode created) {
            JsonNode selected = created.get("images");
            return "created cleanup " + created.path("taskId").asText() + " (" + Human.text(created, "status") + "): "
                    + (selected == null || selected.isEmpty() ? "every unused image" : Human.join(selected))
                    + (created.path("keep").isEmpty() ? "" : ", keeping " + Human.join(created.get("keep")))
                    + ", batch size " + created.path("batchSize").asInt() + ", " + Human.text(created, "strategy")
                    + (created.path("dryRun").asBoolean() ? ", dry run" : "");
        }

        @Override
        boolean waitForIt() {
            return waitForIt;
        }
    }

    @Command(name = "get", description = "One cleanup with its progress, per-node results and failed nodes (GET /api/v1/cleanups/ID).")
    static class Get extends TaskCommands.Get {

        @Override
        void describe(JsonNode task, Human.Table fields) {
            fields.row("images", task.path("images").isEmpty() ? "every unused image" : Human.join(task.get("images")));
            if (!task.path("keep").isEmpty()) {
                fields.row("keep", Human.join(task.get("keep")));
            }
            fields.row("dry run", task.path("dryRun").asBoolean() ? "yes" : "no");
            fields.row("batch size", Human.text(task, "batchSize") + " (" + Human.text(task, "strategy") + ")");
        }

        @Override
        String tables(JsonNode task) {
            JsonNode results = task.path("nodeResults");
            if (results.isEmpty()) {
                return "";
            }
            Human.Table table = new Human.Table("NODE", "IMAGES", "FREED", "KEPT", "REMOVED");
            results.forEach(r -> table.row(Human.text(r, "node"), Human.text(r, "imagesRemoved"),
                    Human.size(r.path("bytesFreed").asLong()), Human.text(r, "kept"), Human.join(r.get("removed"))));
            return table.render();
        }
    }

    @Command(name = "list", description = "Cleanups, newest first (GET /api/v1/cleanups).")
    static class ListTasks extends TaskCommands.ListTasks {
        @Override
        String status(JsonNode task) {
            return super.status(task) + (task.path("dryRun").asBoolean() ? " (dry run)" : "");
        }

        @Override
        List<String> headings() {
            return List.of("IMAGES", "FREED");
        }

        @Override
        List<Object> cells(JsonNode task) {
            return List.of(Human.text(task, "imagesRemoved"), Human.size(task.path("bytesFreed").asLong()));
        }
    }

    @Command(name = "cancel", description = "Cancel a cleanup (DELETE /api/v1/cleanups/ID).")
    static class Cancel extends TaskCommands.Cancel {
    }

    @Command(name = "watch", description = {"Follow a cleanup until it ends: a live bar on a terminal, plain lines otherwise.",
            "Ctrl-C stops watching, never the cleanup. Exit 0 when it completed, 1 when it failed or was cancelled."})
    static class Watch extends TaskCommands.Watch {
    }
}
