package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The commands that prewarm tasks and image cleanups share: create, get, list, cancel and watch. Each kind's command
 * group ({@link KindGroup}) subclasses them with its own descriptions and what only it has (its create options, its rows
 * and columns); its {@link TaskKind} says the rest.
 */
final class TaskCommands {

    private TaskCommands() {
    }

    enum Progress { auto, bar, plain }

    /** How a watch shows progress: {@code --progress}, {@code --interval}, {@code --reconnect-for}. */
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

        /**
         * With {@code -o json} no progress is shown: the task's JSON as it ended is printed, for scripts; notes about a
         * lost connection go to stderr.
         */
        int watch(ApiCommand command, TaskKind kind, String taskId) {
            if (command.json()) {
                return new TaskWatch(command.api(), kind, command.err(), false, interval, reconnectFor).untilEnded(command, taskId);
            }
            boolean bar = progress == Progress.bar || (progress == Progress.auto && System.console() != null);
            return new TaskWatch(command.api(), kind, command.out(), bar, interval, reconnectFor).watch(taskId);
        }
    }

    /**
     * The command group of one kind. Its commands learn the kind from it; its {@code @Command} names {@link IdLabel} as
     * its model transformer, so that their usage calls the id after the kind.
     */
    abstract static class KindGroup extends ApiCommand.Group {
        final TaskKind kind;

        KindGroup(TaskKind kind) {
            this.kind = kind;
        }
    }

    /** Labels the id parameter of a group's commands after the group's kind: {@code TASK}, {@code CLEANUP}. */
    static final class IdLabel implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec group) {
            String label = ((KindGroup) group.userObject()).kind.heading();
            for (CommandLine command : group.subcommands().values()) {
                CommandSpec spec = command.getCommandSpec();
                for (PositionalParamSpec id : List.copyOf(spec.positionalParameters())) {
                    spec.remove(id);
                    spec.addPositional(PositionalParamSpec.builder(id).paramLabel(label).build());
                }
            }
            return group;
        }
    }

    /** A command of a kind's group; the {@code ID} label of its id parameter is replaced by {@link IdLabel}. */
    abstract static class KindCommand extends ApiCommand {
        TaskKind kind() {
            return ((KindGroup) spec.parent().userObject()).kind;
        }
    }

    /** POSTs what the subclass's options say, prints what was created and, with {@code --wait}, watches it. */
    abstract static class Create extends KindCommand {
        @Option(names = "--selector", description = "node label, k=v (repeatable; all must match)")
        Map<String, String> selector = new LinkedHashMap<>();

        @Mixin
        WatchOptions watchOptions;

        /** The request's fields but the node selector. */
        abstract Map<String, Object> body();

        /** The line that says what was created, from the server's answer. */
        abstract String created(JsonNode task);

        abstract boolean waitForIt();

        @Override
        public Integer call() {
            Map<String, Object> body = body();
            if (!selector.isEmpty()) {
                body.put("nodeSelector", selector);
            }
            Api.Answer answer = api().post(kind().route(), body);
            String taskId = answer.json().path("taskId").asText();
            if (json()) {
                if (!waitForIt()) {
                    printJson(answer);
                }
            } else {
                print(created(answer.json()));
            }
            return waitForIt() ? watchOptions.watch(this, kind(), taskId) : 0;
        }
    }

    /** One task as a table of fields: the shared ones, the subclass's own rows and tables, and the failed nodes. */
    abstract static class Get extends KindCommand {
        @Parameters(paramLabel = "ID")
        String taskId;

        /** The kind's own rows, between the status and the creation time. */
        abstract void describe(JsonNode task, Human.Table fields);

        /** The kind's own tables, before the failed nodes'; each ends with a newline. */
        String tables(JsonNode task) {
            return "";
        }

        @Override
        public Integer call() {
            Api.Answer answer = api().get(kind().path(taskId));
            if (json()) {
                return printJson(answer);
            }
            JsonNode task = answer.json();
            Human.Table fields = new Human.Table(kind().heading(), task.path("taskId").asText());
            fields.row("status", Human.text(task, "status"));
            describe(task, fields);
            fields.row("created", Human.age(task.get("createdAt"), Instant.now()) + " ago");
            if (task.hasNonNull("progress")) {
                TaskWatch.Snapshot s = TaskWatch.Snapshot.of(task);
                fields.row("progress", String.format(Locale.ROOT, "%.0f%%: batch %d/%d, nodes %d done, %d failed of %d",
                        s.percentage(), s.currentBatch(), s.totalBatches(), s.completed(), s.failed(), s.total()));
            }
            String outcome = kind().outcome().apply(task);
            if (outcome != null) {
                fields.row("result", outcome);
            }
            if (task.hasNonNull("message")) {
                fields.row("message", Human.text(task, "message"));
            }
            String kindTables = tables(task);
            StringBuilder text = new StringBuilder(fields.render());
            if (!kindTables.isEmpty()) {
                text.append('\n').append(kindTables);
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

    /** A page of tasks, newest first: id, status, progress and nodes, the subclass's columns, age. */
    abstract static class ListTasks extends KindCommand {
        @Option(names = "--status", description = "pending, running, completed, failed or cancelled")
        String status;

        @Option(names = "--limit", description = "at most this many (server default 10, at most 100)")
        Integer limit;

        @Option(names = "--offset", description = "skip this many")
        Integer offset;

        /** The headings of the kind's own columns, between NODES and AGE. */
        abstract List<String> headings();

        /** The kind's own cells of one task's row. */
        abstract List<Object> cells(JsonNode task);

        /** The status cell. */
        String status(JsonNode task) {
            return Human.text(task, "status");
        }

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
            Api.Answer answer = api().get(kind().route() + (query.length() == 0 ? "" : "?" + query.substring(1)));
            if (json()) {
                return printJson(answer);
            }
            JsonNode page = answer.json();
            Instant now = Instant.now();
            List<String> headings = new ArrayList<>(List.of(kind().heading(), "STATUS", "PROGRESS", "NODES"));
            headings.addAll(headings());
            headings.add("AGE");
            Human.Table table = new Human.Table(headings.toArray(String[]::new));
            page.path("tasks").forEach(task -> {
                JsonNode progress = task.path("progress");
                List<Object> row = new ArrayList<>(Arrays.asList(Human.text(task, "taskId"), status(task),
                        String.format(Locale.ROOT, "%.0f%%", progress.path("percentage").asDouble()),
                        progress.path("completedNodes").asInt() + "/" + progress.path("totalNodes").asInt()));
                row.addAll(cells(task));
                row.add(Human.age(task.get("createdAt"), now));
                table.row(row.toArray());
            });
            return print(table.render() + "showing " + page.path("tasks").size() + " of " + page.path("total").asInt() + " "
                    + kind().noun() + "s");
        }
    }

    abstract static class Cancel extends KindCommand {
        @Parameters(paramLabel = "ID")
        String taskId;

        @Override
        public Integer call() {
            Api.Answer answer = api().delete(kind().path(taskId));
            return json() ? printJson(answer) : print("cancelled " + kind().noun() + " " + taskId);
        }
    }

    abstract static class Watch extends KindCommand {
        @Mixin
        WatchOptions watchOptions;

        @Parameters(paramLabel = "ID")
        String taskId;

        @Override
        public Integer call() {
            return watchOptions.watch(this, kind(), taskId);
        }
    }
}
