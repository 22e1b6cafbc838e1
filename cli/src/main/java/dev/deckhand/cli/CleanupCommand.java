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

/** Image cleanups: {@code /api/v1/cleanups}. */
@Command(name = "cleanup", description = "Create, follow and cancel image cleanups: remove images no container uses.",
        subcommands = {CleanupCommand.Create.class, CleanupCommand.Get.class, CleanupCommand.ListTasks.class,
                CleanupCommand.Cancel.class, CleanupCommand.Watch.class})
class CleanupCommand extends ApiCommand.Group {

    /** How a watch shows progress: {@code --progress}, {@code --interval}. */
    static class WatchOptions {
        @Option(names = "--progress", defaultValue = "auto",
                description = "bar (one line redrawn), plain (a line per change) or auto: bar on a terminal (default)")
        PrewarmCommand.Progress progress;

        @Option(names = "--interval", defaultValue = "1s", converter = DeckhandCli.DurationConverter.class,
                description = "how often to look (default: ${DEFAULT-VALUE})")
        Duration interval;

        int watch(ApiCommand command, String taskId) {
            if (command.json()) {
                return CleanupWatch.untilEnded(command, taskId, interval);
            }
            boolean bar = progress == PrewarmCommand.Progress.bar
                    || (progress == PrewarmCommand.Progress.auto && System.console() != null);
            return new CleanupWatch(command.api(), command.out(), bar, interval).watch(taskId);
        }
    }

    @Command(name = "create", description = "Create a cleanup (POST /api/v1/cleanups).")
    static class Create extends ApiCommand {
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

        @Option(names = "--selector", description = "node label, k=v (repeatable; all must match)")
        Map<String, String> selector = new LinkedHashMap<>();

        @Option(names = "--wait", description = "watch the cleanup until it ends")
        boolean waitForIt;

        @picocli.CommandLine.Mixin
        WatchOptions watchOptions;

        @Override
        public Integer call() {
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
            if (!selector.isEmpty()) {
                body.put("nodeSelector", selector);
            }
            Api.Answer answer = api().post("/api/v1/cleanups", body);
            JsonNode created = answer.json();
            String taskId = created.path("taskId").asText();
            if (json()) {
                if (!waitForIt) {
                    printJson(answer);
                }
            } else {
                JsonNode selected = created.get("images");
                print("created cleanup " + taskId + " (" + Human.text(created, "status") + "): "
                        + (selected == null || selected.isEmpty() ? "every unused image" : Human.join(selected))
                        + (created.path("keep").isEmpty() ? "" : ", keeping " + Human.join(created.get("keep")))
                        + ", batch size " + created.path("batchSize").asInt() + ", " + Human.text(created, "strategy")
                        + (created.path("dryRun").asBoolean() ? ", dry run" : ""));
            }
            return waitForIt ? watchOptions.watch(this, taskId) : 0;
        }
    }

    @Command(name = "get", description = "One cleanup with its progress, per-node results and failed nodes (GET /api/v1/cleanups/ID).")
    static class Get extends ApiCommand {
        @Parameters(paramLabel = "CLEANUP")
        String taskId;

        @Override
        public Integer call() {
            Api.Answer answer = api().get(CleanupWatch.path(taskId));
            if (json()) {
                return printJson(answer);
            }
            JsonNode task = answer.json();
            Human.Table fields = new Human.Table("CLEANUP", task.path("taskId").asText());
            fields.row("status", Human.text(task, "status"));
            fields.row("images", task.path("images").isEmpty() ? "every unused image" : Human.join(task.get("images")));
            if (!task.path("keep").isEmpty()) {
                fields.row("keep", Human.join(task.get("keep")));
            }
            fields.row("dry run", task.path("dryRun").asBoolean() ? "yes" : "no");
            fields.row("batch size", Human.text(task, "batchSize") + " (" + Human.text(task, "strategy") + ")");
            fields.row("created", Human.age(task.get("createdAt"), Instant.now()) + " ago");
            PrewarmWatch.Snapshot s = PrewarmWatch.Snapshot.of(task);
            fields.row("progress", String.format(Locale.ROOT, "%.0f%%: batch %d/%d, nodes %d done, %d failed of %d",
                    s.percentage(), s.currentBatch(), s.totalBatches(), s.completed(), s.failed(), s.total()));
            fields.row("result", CleanupWatch.removed(task));
            if (task.hasNonNull("message")) {
                fields.row("message", Human.text(task, "message"));
            }
            StringBuilder text = new StringBuilder(fields.render());
            JsonNode results = task.path("nodeResults");
            if (!results.isEmpty()) {
                Human.Table table = new Human.Table("NODE", "IMAGES", "FREED", "KEPT", "REMOVED");
                results.forEach(r -> table.row(Human.text(r, "node"), Human.text(r, "imagesRemoved"),
                        Human.size(r.path("bytesFreed").asLong()), Human.text(r, "kept"), Human.join(r.get("removed"))));
                text.append('\n').append(table.render());
            }
            JsonNode failed = task.path("failedNodeDetails");
            if (!failed.isEmpty()) {
                Human.Table table = new Human.Table("FAILED NODE", "REASON", "MESSAGE");
                failed.forEach(f -> table.row(Human.text(f, "nodeName"), Human.text(f, "reason"), Human.text(f, "message")));
                text.append('\n').append(table.render());
            }
            return print(text.toString());
        }
    }

    @Command(name = "list", description = "Cleanups, newest first (GET /api/v1/cleanups).")
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
            Api.Answer answer = api().get("/api/v1/cleanups" + (query.length() == 0 ? "" : "?" + query.substring(1)));
            if (json()) {
                return printJson(answer);
            }
            JsonNode page = answer.json();
            Instant now = Instant.now();
            Human.Table table = new Human.Table("CLEANUP", "STATUS", "PROGRESS", "NODES", "IMAGES", "FREED", "AGE");
            page.path("tasks").forEach(task -> {
                JsonNode progress = task.path("progress");
                table.row(Human.text(task, "taskId"),
                        Human.text(task, "status") + (task.path("dryRun").asBoolean() ? " (dry run)" : ""),
                        String.format(Locale.ROOT, "%.0f%%", progress.path("percentage").asDouble()),
                        progress.path("completedNodes").asInt() + "/" + progress.path("totalNodes").asInt(),
                        Human.text(task, "imagesRemoved"), Human.size(task.path("bytesFreed").asLong()),
                        Human.age(task.get("createdAt"), now));
            });
            return print(table.render() + "showing " + page.path("tasks").size() + " of " + page.path("total").asInt() + " cleanups");
        }
    }

    @Command(name = "cancel", description = "Cancel a cleanup (DELETE /api/v1/cleanups/ID).")
    static class Cancel extends ApiCommand {
        @Parameters(paramLabel = "CLEANUP")
        String taskId;

        @Override
        public Integer call() {
            Api.Answer answer = api().delete(CleanupWatch.path(taskId));
            return json() ? printJson(answer) : print("cancelled cleanup " + taskId);
        }
    }

    @Command(name = "watch", description = {"Follow a cleanup until it ends: a live bar on a terminal, plain lines otherwise.",
            "Ctrl-C stops watching, never the cleanup. Exit 0 when it completed, 1 when it failed or was cancelled."})
    static class Watch extends ApiCommand {
        @Parameters(paramLabel = "CLEANUP")
        String taskId;

        @picocli.CommandLine.Mixin
        WatchOptions watchOptions;

        @Override
        public Integer call() {
            return watchOptions.watch(this, taskId);
        }
    }
}
