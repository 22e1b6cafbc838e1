package dev.deckhand.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows a cleanup until it ends with prewarm's live bar ({@link PrewarmWatch#barLine}, {@link PrewarmWatch#plainLine}:
 * the progress block is the same), then prewarm's summary plus what was removed. Watching never changes the task.
 */
final class CleanupWatch {

    private final Api api;
    private final PrintWriter out;
    private final boolean bar;
    private final Duration interval;

    CleanupWatch(Api api, PrintWriter out, boolean bar, Duration interval) {
        this.api = api;
        this.out = out;
        this.bar = bar;
        this.interval = interval;
    }

    static String path(String taskId) {
        return "/api/v1/cleanups/" + ApiCommand.encode(taskId);
    }

    /** Polls quietly until the cleanup ends, then prints its JSON; 0 when it completed, 1 otherwise. */
    static int untilEnded(ApiCommand command, String taskId, Duration interval) {
        while (true) {
            Api.Answer answer = command.api().get(path(taskId));
            if (PrewarmWatch.Snapshot.of(answer.json()).ended()) {
                command.printJson(answer);
                return "completed".equals(answer.json().path("status").asText()) ? 0 : CliException.SERVER_SAID_NO;
            }
            sleep(interval);
        }
    }

    /** Watches until the cleanup ends; 0 when it completed, 1 when it failed or was cancelled. */
    int watch(String taskId) {
        long start = System.nanoTime();
        Long firstSample = null;
        int firstDone = 0;
        PrewarmWatch.Snapshot shown = null;
        JsonNode task;
        while (true) {
            task = api.get(path(taskId)).json();
            PrewarmWatch.Snapshot now = PrewarmWatch.Snapshot.of(task);
            long nanos = System.nanoTime();
            if (firstSample == null && (now.total() > 0 || now.ended())) {
                firstSample = nanos;
                firstDone = now.done();
            }
            double seconds = firstSample == null ? 0 : (nanos - firstSample) / 1e9;
            Double rate = seconds > 0 && now.done() > firstDone ? Double.valueOf((now.done() - firstDone) / seconds)
                    : PrewarmWatch.serverRate(task, now);
            if (bar) {
                out.print("\r" + PrewarmWatch.barLine(now, rate) + "  " + removed(task) + "\u001b[K");
            } else if (!now.equals(shown)) {
                out.println(PrewarmWatch.plainLine(taskId, now, rate) + ", " + removed(task));
            }
            out.flush();
            shown = now;
            if (now.ended()) {
                break;
            }
            sleep(interval);
        }
        if (bar) {
            out.println();
        }
        out.print(summary(taskId, task, Duration.ofNanos(System.nanoTime() - start)));
        out.flush();
        return "completed".equals(shown.status()) ? 0 : CliException.SERVER_SAID_NO;
    }

    /** {@code 12 images removed (340.2 MB)}, or {@code would remove} in a dry run. */
    static String removed(JsonNode task) {
        return String.format(Locale.ROOT, "%d images %s (%s)", task.path("imagesRemoved").asLong(),
                task.path("dryRun").asBoolean() ? "would be removed" : "removed", Human.size(task.path("bytesFreed").asLong()));
    }

    static String summary(String taskId, JsonNode task, Duration watched) {
        String prewarm = PrewarmWatch.summary(taskId, task, watched);
        return "cleanup" + prewarm.substring("task".length()) + removed(task) + "\n";
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
