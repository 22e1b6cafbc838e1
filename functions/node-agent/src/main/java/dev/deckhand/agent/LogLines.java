package dev.deckhand.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * One line per record on the console (java.util.logging, which grpc-java logs through too): level, logger, message,
 * then the stack trace if any. No time: the container runtime stamps every line, and the JDK's
 * {@link java.util.logging.SimpleFormatter} makes a zoned date-time of every record whatever its format, which loads
 * the time-zone rules and calendar classes (memory the agent on every node would hold for nothing).
 */
final class LogLines extends Formatter {

    /** Puts this format on the handlers of the root logger (the JDK's default console handler). */
    static void install() {
        for (Handler handler : LogManager.getLogManager().getLogger("").getHandlers()) {
            handler.setFormatter(new LogLines());
        }
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128).append(record.getLevel().getName()).append(' ')
                .append(record.getLoggerName()).append(" - ").append(formatMessage(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        return line.append(System.lineSeparator()).toString();
    }
}
