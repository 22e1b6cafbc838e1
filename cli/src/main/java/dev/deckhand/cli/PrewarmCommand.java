package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prewarm tasks: {@code /api/v1/tasks}. */
@Command(name = "prewarm", description = "Create, follow and cancel prewarm tasks.",
        subcommands = {PrewarmCommand.Create.class, PrewarmCommand.Get.class, PrewarmCommand.ListTasks.class,
                PrewarmCommand.Cancel.class, PrewarmCommand.Watch.class},
        modelTransformer = TaskCommands.IdLabel.class)
class PrewarmCommand extends TaskCommands.KindGroup {

    static final TaskKind KIND = new TaskKind("task", "prewarm", "/api/v1/tasks", task -> null);

    PrewarmCommand() {
        super(KIND);
    }

    @Command(name = "create", description = "Create a task (POST /api/v1/tasks).")
    static class Create extends TaskCommands.Create {
        @Option(names = "--images", required = true, split = ",", description = "images to pull, comma-separated")
        List<String> images;

        @Option(names = "--batch-size", description = "nodes pulling at once (server default 10)")
        Integer batchSize;

        @Option(names = "--mode", description = "agent or job (server default)")
        String mode;

        @Option(names = "--strategy", description = "batch (batch after batch, the seed's way; default) or window (at most "
                + "--batch-size nodes at once, the next starting as soon as one finishes)")
        String strategy;

        @Option(names = "--follow-selector", description = "keep prewarming nodes that match later, until cancelled")
        boolean followSelector;

        @Option(names = "--wait", description = "watch the task until it ends")
        boolean waitForIt;

        @Override
        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("images", images);
            if (batchSize != null) {
                body.put("batchSize", batchSize);
            }
            if (mode != null) {
                body.put("mode", mode);
            }
            if (strategy != null) {
                body.put("strategy", strategy);
            }
            if (followSelector) {
                body.put("followSelector", true);
            }
            return body;
        }

        @Override
        String created(JsonNode task) {
            return "created task " + task.path("taskId").asText() + " (" + Human.text(task, "status") + "): "
                    + Human.join(task.get("images")) + ", batch size " + task.path("batchSize").asInt();
        }

        @Override
        boolean waitForIt() {
            return waitForIt;
        }
    }

    @Command(name = "get", description = "One task with its progress and failed nodes (GET /api/v1/tasks/TASK).")
    static class Get extends TaskCommands.Get {

        @Override
        void describe(JsonNode task, Human.Table fields) {
            fields.row("images", Human.join(task.get("images")));
            fields.row("batch size", Human.text(task, "batchSize"));
            if (task.hasNonNull("mode")) {
                fields.row("mode", Human.text(task, "mode"));
            }
            if (task.hasNonNull("strategy")) {
                fields.row("strategy", Human.text(task, "strategy"));
            }
            if (task.hasNonNull("nodeSelector") && !task.get("nodeSelector").isEmpty()) {
                StringBuilder selector = new StringBuilder();
                task.get("nodeSelector").fields().forEachRemaining(e ->
                        selector.append(selector.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asText()));
                fields.row("selector", selector);
            }
        }
    }

    @Command(name = "list", description = "Tasks, newest first (GET /api/v1/tasks).")
    static class ListTasks extends TaskCommands.ListTasks {
        @Override
        List<String> headings() {
            return List.of("IMAGES");
        }

        @Override
        List<Object> cells(JsonNode task) {
            return List.of(Human.join(task.get("images")));
        }
    }

    @Command(name = "cancel", description = "Cancel a task (DELETE /api/v1/tasks/TASK).")
    static class Cancel extends TaskCommands.Cancel {
    }

    @Command(name = "watch", description = {"Follow a task until it ends: a live bar on a terminal, plain lines otherwise.",
            "Ctrl-C stops watching, never the task. Exit 0 when it completed, 1 when it failed or was cancelled."})
    static class Watch extends TaskCommands.Watch {
    }
}
