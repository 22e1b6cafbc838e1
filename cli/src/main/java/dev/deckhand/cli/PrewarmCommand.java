package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prewarm tasks: {@code /api/v1/tasks}. */
@Command(name = "prewarm", description = "Create, follow and cancel prewarm tasks.",
        subcommands = {PrewarmCommand.Create.class, PrewarmCommand.Get.class, PrewarmCommand.ListTasks.class,
                PrewarmCommand.Cancel.class, PrewarmCommand.Watch.class})
class PrewarmCommand extends ApiCommand.Group {

    enum Progress { auto, bar, plain }

    /** How a watch shows progress: {@code --progress}, {@code --interval}. */
    static class WatchOptions {
        @Option(names = "--progress", defaultValue = "auto",
                description = "bar (one line redrawn), plain (a line per change) or auto: bar on a terminal (default)")
        Progress progress;

        @Option(names = "--interval", defaultValue = "1s", converter = DeckhandCli.DurationConverter.class,
                description = "how often to look (default: ${DEFAULT-VALUE})")
        Duration interval;

        @Option(names = "--reconnect-for", defaultValue = "1m", converter = DeckhandCli.DurationConverter.class,
                description = "how long to keep retrying when Deckhand cannot be reached, before exit 3 (default: ${DEFAULT-VALUE})")
        Duration reconnectFor;

        /** With {@code -o json} no progress is shown: the task's JSON as it ended is printed, for scripts. */
        int watch(ApiCommand command, String taskId) {
            if (command.json()) {
                return PrewarmWatch.untilEnded(command, taskId, interval);
            }
            boolean bar = progress == Progress.bar || (progress == Progress.auto && System.console() != null);
            return new PrewarmWatch(command.api(), command.out(), bar, interval, reconnectFor).watch(taskId);
        }
    }

    @Command(name = "create", description = "Create a task (POST /api/v1/tasks).")
    static class Create extends ApiCommand {
        @Option(names = "--images", required = true, split = ",", description = "images to pull, comma-separated")
        List<String> images;

        @Option(names = "--batch-size", description = "nodes pulling at once (server default 10)")
        Integer batchSize;

        @Option(names = "--selector", description = "node label, k=v (repeatable; all must match)")
        Map<String, String> selector = new LinkedHashMap<>();

        @Option(names = "--mode", description = "agent or job (server default)")
        String mode;

        @Option(names = "--strategy", description = "batch (batch after batch, the seed's way; default) or window (at most "
                + "--batch-size nodes at once, the next starting as soon as one finishes)")
        String strategy;

        @Option(names = "--follow-selector", description = "keep prewarming nodes that match later, until cancelled")
        boolean followSelector;

        @Option(names = "--wait", description = "watch the task until it ends")
        boolean waitForIt;

        @picocli.CommandLine.Mixin
        WatchOptions watchOptions;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("images", images);
            if (batchSize != null) {
                body.put("batchSize", batchSize);
            }
            if (!selector.isEmpty()) {
                body.put("nodeSelector", selector);
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
            Api.Answer answer = api().post("/api/v1/tasks", body);
            String taskId = answer.json().path("taskId").asText();
            if (json()) {
                if (!waitForIt) {
                    printJson(answer);
                }
            } else {
                print("created task " + taskId + " (" + Human.text(answer.json(), "status") + "): "
                        + Human.join(answer.json().get("images")) + ", batch size " + answer.json().path("batchSize").asInt());
            }
            return waitForIt ? watchOptions.watch(this, taskId) : 0;
        }
    }

    @Command(name = "get", description = "One task with its progress and failed nodes (GET /api/v1/tasks/TASK).")
    static class Get extends ApiCommand {
        @Parameters(paramLabel = "TASK")
        String taskId;

        @Override
        public Integer call() {
            Api.Answer answer = api().get("/api/v1/tasks/" + encode(taskId));
            if (json()) {
                return printJson(answer);
            }
            JsonNode task = answer.json();
            Instant now = Instant.now();
            Human.Table fields = new Human.Table("TASK", task.path("taskId").asText());
            fields.row("status", Human.text(task, "status"));
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
            fields.row("created", Human.age(task.get("createdAt"), now) + " ago");
            if (task.hasNonNull("progress")) {
                PrewarmWatch.Snapshot s = PrewarmWatch.Snapshot.of(task);
                fields.row("progress", String.format(Locale.ROOT, "%.0f%%: batch %d/%d, nodes %d done, %d failed of %d",
                        s.percentage(), s.currentBatch(), s.totalBatches(), s.completed(), s.failed(), s.total()));
            }
            if (task.hasNonNull("message")) {
                fields.row("message", Human.text(task, "message"));
            }
            StringBuilder text = new StringBuilder(fields.render());
            JsonNode failed = task.path("failedNodeDetails");
            if (!failed.isEmpty()) {
                Human.Table table = new Human.Table("FAILED NODE", "REASON", "MESSAGE");
                failed.forEach(f -> table.row(Human.text(f, "nodeName"), Human.text(f, "reason"), Human.text(f, "message")));
                text.append('\n').append(table.render());
            }
            return print(text.toString());
        }
    }

    @Command(name = "list", description = "Tasks, newest first (GET /api/v1/tasks).")
    static class ListTasks extends ApiCommand {
        @Option(names = "--status", description = "pending, running, completed, failed or cancelled")
        String status;

        @Option(names = "--limit", description = "at most this many (server default 10, at most 100)")
        Integer limit;

        @Option(names = "--offset", description = "skip this many")
        Integer offset;

        @Override
        public Integer call() {
            StringBuilder query = new StringBuilder();
            if (status != null) {
                query.append("&status=").append(encode(status));
            }
            if (limit != null) {
                query.append("&limit=").append(limit);
            }
            if (offset != null) {
                query.append("&offset=").append(offset);
            }
            Api.Answer answer = api().get("/api/v1/tasks" + (query.length() == 0 ? "" : "?" + query.substring(1)));
            if (json()) {
                return printJson(answer);
            }
            JsonNode page = answer.json();
            Instant now = Instant.now();
            Human.Table table = new Human.Table("TASK", "STATUS", "PROGRESS", "NODES", "IMAGES", "AGE");
            page.path("tasks").forEach(task -> {
                JsonNode progress = task.path("progress");
                table.row(Human.text(task, "taskId"), Human.text(task, "status"),
                        String.format(Locale.ROOT, "%.0f%%", progress.path("percentage").asDouble()),
                        progress.path("completedNodes").asInt() + "/" + progress.path("totalNodes").asInt(),
                        Human.join(task.get("images")), Human.age(task.get("createdAt"), now));
            });
            return print(table.render() + "showing " + page.path("tasks").size() + " of " + page.path("total").asInt() + " tasks");
        }
    }

    @Command(name = "cancel", description = "Cancel a task (DELETE /api/v1/tasks/TASK).")
    static class Cancel extends ApiCommand {
        @Parameters(paramLabel = "TASK")
        String taskId;

        @Override
        public Integer call() {
            Api.Answer answer = api().delete("/api/v1/tasks/" + encode(taskId));
            return json() ? printJson(answer) : print("cancelled task " + taskId);
        }
    }

    @Command(name = "watch", description = {"Follow a task until it ends: a live bar on a terminal, plain lines otherwise.",
            "Ctrl-C stops watching, never the task. Exit 0 when it completed, 1 when it failed or was cancelled."})
    static class Watch extends ApiCommand {
        @Parameters(paramLabel = "TASK")
        String taskId;

        @picocli.CommandLine.Mixin
        WatchOptions watchOptions;

        @Override
        public Integer call() {
            return watchOptions.watch(this, taskId);
        }
    }
}
