package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Follows a task of either kind until it ends: on a terminal one line redrawn in place (bar, batches, nodes done/failed
 * of total, rate, ETA, and the kind's outcome), otherwise a plain line whenever something changed; then a summary with
 * the failed nodes. Watching never changes the task: Ctrl-C (a shutdown hook) only says that the task keeps running. A
 * lost connection (or a 502/503/504 on the way) is retried with backoff, 1 s doubling to 10 s, for {@code reconnectFor}
 * before the watch gives up with exit 3.
 */
final class TaskWatch {

    static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");
    private static final int BAR_WIDTH = 24;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
    private static final Set<Integer> PASSING_TROUBLE = Set.of(502, 503, 504);

    /** What the progress line shows; a new plain line is printed only when it changes. */
    record Snapshot(String status, int currentBatch, int totalBatches, int total, int completed, int failed,
                    double percentage) {

        static Snapshot of(JsonNode task) {
            JsonNode progress = task.path("progress");
            return new Snapshot(task.path("status").asText(), progress.path("currentBatch").asInt(),
                    progress.path("totalBatches").asInt(), progress.path("totalNodes").asInt(),
                    progress.path("completedNodes").asInt(), progress.path("failedNodes").asInt(),
                    progress.path("percentage").asDouble());
        }

        int done() {
            return completed + failed;
        }

        boolean ended() {
            return TERMINAL.contains(status);
        }
    }

    private final Api api;
    private final TaskKind kind;
    private final PrintWriter out;
    private final boolean bar;
    private final Duration interval;
    private final Duration reconnectFor;
    private volatile boolean finished;
    private volatile boolean interrupted;
    private volatile boolean lineOpen;

    TaskWatch(Api api, TaskKind kind, PrintWriter out, boolean bar, Duration interval, Duration reconnectFor) {
        this.api = api;
        this.kind = kind;
        this.out = out;
        this.bar = bar;
        this.interval = interval;
        this.reconnectFor = reconnectFor;
    }

    /** Watches until the task ends; 0 when it completed, 1 when it failed or was cancelled. */
    int watch(String taskId) {
        Thread hook = new Thread(() -> {
            if (!finished) {
                interrupted = true;
                synchronized (out) {
                    out.print((lineOpen ? "\n" : "") + "stopped watching; " + kind.noun() + " " + taskId + " keeps running\n");
                    out.flush();
                }
            }
        }, "deckhand-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return follow(taskId);
        } catch (RuntimeException e) {
            endLine();
            throw e;
        } finally {
            finished = true;
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run
            }
        }
    }

    /**
     * For scripts ({@code -o json}): looks without showing progress until the task ends, then prints its JSON with
     * {@code command}; 0 when it completed, 1 otherwise. A lost connection is retried as in {@link #watch}, its notes on
     * this watch's writer (stderr), so that standard output holds nothing but the JSON.
     */
    int untilEnded(ApiCommand command, String taskId) {
        while (true) {
            Api.Answer answer = look(taskId);
            if (Snapshot.of(answer.json()).ended()) {
                command.printJson(answer);
                return "completed".equals(answer.json().path("status").asText()) ? 0 : CliException.SERVER_SAID_NO;
            }
            sleep(interval);
        }
    }

    private int follow(String taskId) {
        long start = System.nanoTime();
        Long firstSampleNanos = null;
        int firstDone = 0;
        Snapshot shown = null;
        JsonNode task;
        while (true) {
            task = look(taskId).json();
            Snapshot now = Snapshot.of(task);
            long nanos = System.nanoTime();
            // The rate counts from the first look at a started task: time spent pending is not pulling.
            if (firstSampleNanos == null && (now.total() > 0 || now.ended())) {
                firstSampleNanos = nanos;
                firstDone = now.done();
            }
            double seconds = firstSampleNanos == null ? 0 : (nanos - firstSampleNanos) / 1e9;
            Double rate = seconds > 0 && now.done() > firstDone ? Double.valueOf((now.done() - firstDone) / seconds)
                    : serverRate(task, now);
            if (interrupted) {
                return 0;
            }
            synchronized (out) {
                if (bar) {
                    out.print("\r" + barLine(now, rate) + withOutcome("  ", task) + "\u001b[K");
                    lineOpen = true;
                    out.flush();
                } else if (!now.equals(shown)) {
                    out.println(plainLine(taskId, now, rate) + withOutcome(", ", task));
                    out.flush();
                }
            }
            shown = now;
            if (now.ended()) {
                break;
            }
            sleep(interval);
        }
        synchronized (out) {
            endLine();
            out.print(summary(kind, taskId, task, Duration.ofNanos(System.nanoTime() - start)));
            out.flush();
        }
        return "completed".equals(shown.status()) ? 0 : CliException.SERVER_SAID_NO;
    }

    /** The task as it is now; a connection lost on the way is retried as the class comment says. */
    private Api.Answer look(String taskId) {
        long giveUpAt = 0;
        Duration wait = FIRST_RETRY;
        while (true) {
            try {
                Api.Answer task = api.get(kind.path(taskId));
                if (giveUpAt != 0) {
                    say("reconnected to Deckhand; watching " + kind.noun() + " " + taskId + " again");
                }
                return task;
            } catch (CliException e) {
                boolean passing = e.exitCode() == CliException.UNREACHABLE || PASSING_TROUBLE.contains(e.httpStatus());
                if (!passing || interrupted) {
                    throw e;
                }
                long now = System.nanoTime();
                if (giveUpAt == 0) {
                    giveUpAt = now + reconnectFor.toNanos();
                }
                if (now - giveUpAt >= 0) {
                    throw new CliException(CliException.UNREACHABLE, e.httpStatus(), e.getMessage() + "; gave up watching after "
                            + Human.duration(reconnectFor) + " of retries. " + kind.capitalized() + " " + taskId + " keeps running: deckhand "
                            + kind.command() + " watch " + taskId);
                }
                say(e.getMessage() + "; retrying in " + Human.duration(wait) + " (" + kind.noun() + " " + taskId + " keeps running)");
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
            }
        }
    }

    /** The kind's outcome after {@code separator}, or nothing when the kind has none. */
    private String withOutcome(String separator, JsonNode task) {
        String outcome = kind.outcome().apply(task);
        return outcome == null ? "" : separator + outcome;
    }

    /** A line of its own, below the bar if one is drawn. */
    private void say(String line) {
        synchronized (out) {
            endLine();
            out.println(line);
            out.flush();
        }
    }

    /** Ends the bar's line, so that what comes next (a summary, an error) starts on a line of its own. */
    private void endLine() {
        synchronized (out) {
            if (lineOpen) {
                out.println();
                out.flush();
                lineOpen = false;
            }
        }
    }

    /**
     * Nodes per second by the task's own times (whole seconds), when the watch has seen no progress of its own: a
     * task that finished between two looks, or one watched for the first time.
     */
    static Double serverRate(JsonNode task, Snapshot s) {
        if (s.done() == 0 || !task.hasNonNull("startedAt")) {
            return null;
        }
        try {
            Instant started = Instant.parse(task.get("startedAt").asText());
            Instant until = task.hasNonNull("completedAt") ? Instant.parse(task.get("completedAt").asText()) : Instant.now();
            double seconds = Math.max(1, Duration.between(started, until).toMillis() / 1000.0);
            return s.done() / seconds;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String barLine(Snapshot s, Double rate) {
        if (s.total() == 0 && !s.ended()) {
            return "[" + "-".repeat(BAR_WIDTH) + "]   0%  " + s.status() + ": waiting for nodes";
        }
        int filled = (int) Math.round(Math.min(100, Math.max(0, s.percentage())) / 100 * BAR_WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        return String.format(Locale.ROOT, "[%s] %3.0f%%  batch %d/%d  nodes %d done, %d failed of %d  %s  %s  %s",
                bar, s.percentage(), s.currentBatch(), s.totalBatches(), s.completed(), s.failed(), s.total(),
                rate(rate), eta(s, rate), s.status());
    }

    static String plainLine(String taskId, Snapshot s, Double rate) {
        if (s.total() == 0 && !s.ended()) {
            return taskId + " " + s.status() + ": waiting for nodes";
        }
        return String.format(Locale.ROOT, "%s %s: batch %d/%d, nodes %d done, %d failed of %d (%.0f%%), %s, %s",
                taskId, s.status(), s.currentBatch(), s.totalBatches(), s.completed(), s.failed(), s.total(),
                s.percentage(), rate(rate), eta(s, rate));
    }

    private static String rate(Double rate) {
        return rate == null ? "-- nodes/s" : String.format(Locale.ROOT, "%.1f nodes/s", rate);
    }

    private static String eta(Snapshot s, Double rate) {
        if (s.ended()) {
            return "ETA 0s";
        }
        if (rate == null || rate <= 0 || s.total() == 0) {
            return "ETA --";
        }
        return "ETA " + Human.duration(Duration.ofMillis(Math.round((s.total() - s.done()) / rate * 1000)));
    }

    static String summary(TaskKind kind, String taskId, JsonNode task, Duration watched) {
        Snapshot s = Snapshot.of(task);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s %s %s after %s: %d nodes, %d done, %d failed%n", kind.noun(), taskId, s.status(), Human.duration(watched),
                s.total(), s.completed(), s.failed()));
        if (task.hasNonNull("message")) {
            text.append(task.get("message").asText()).append('\n');
        }
        JsonNode failedNodes = task.path("failedNodeDetails");
        if (failedNodes.isEmpty()) {
            text.append("no node failed\n");
        } else {
            text.append("failed nodes:\n");
            Human.Table table = new Human.Table("NODE", "REASON", "MESSAGE");
            failedNodes.forEach(f -> table.row(Human.text(f, "nodeName"), Human.text(f, "reason"),
                    Objects.toString(Human.text(f, "message")).replace('\n', ' ')));
            text.append(table.render().indent(2));
        }
        String outcome = kind.outcome().apply(task);
        if (outcome != null) {
            text.append(outcome).append('\n');
        }
        return text.toString();
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNREACHABLE, "interrupted");
        }
    }
}
