package dev.deckhand.agent;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogLinesTest {

    private final LogLines format = new LogLines();

    @Test
    void oneLineOfLevelLoggerAndMessageWithItsParameters() {
        LogRecord record = new LogRecord(Level.INFO, "node agent on port {0}");
        record.setLoggerName("dev.deckhand.agent.Application");
        record.setParameters(new Object[] {"8090"});

        assertEquals("INFO dev.deckhand.agent.Application - node agent on port 8090" + System.lineSeparator(),
                format.format(record));
    }

    @Test
    void aFailureKeepsItsStackTraceOnTheFollowingLines() {
        LogRecord record = new LogRecord(Level.SEVERE, "GET /images failed");
        record.setLoggerName("dev.deckhand.agent.http.AgentServer");
        record.setThrown(new IllegalStateException("boom"));

        String[] lines = format.format(record).split(System.lineSeparator());
        assertEquals("SEVERE dev.deckhand.agent.http.AgentServer - GET /images failed", lines[0]);
        assertEquals("java.lang.IllegalStateException: boom", lines[1]);
        assertTrue(lines[2].trim().startsWith("at dev.deckhand.agent.LogLinesTest"), lines[2]);
    }
}
