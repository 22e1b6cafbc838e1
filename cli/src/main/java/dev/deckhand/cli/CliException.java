package dev.deckhand.cli;

/** A failure the CLI reports in one line and maps to its exit code; never shown as a stack trace. */
class CliException extends RuntimeException {

    /** The server answered 4xx/5xx. */
    static final int SERVER_SAID_NO = 1;
    /** The command line itself is wrong (as picocli's own usage errors). */
    static final int USAGE = 2;
    /** Deckhand could not be reached: connection refused, timeout, unknown host. */
    static final int UNREACHABLE = 3;

    private final int exitCode;
    private final int httpStatus;

    CliException(int exitCode, String message) {
        this(exitCode, 0, message);
    }

    CliException(int exitCode, int httpStatus, String message) {
        super(message);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    /** The server's status code, 0 when there was no answer. */
    int httpStatus() {
        return httpStatus;
    }

    int exitCode() {
        return exitCode;
    }
}
