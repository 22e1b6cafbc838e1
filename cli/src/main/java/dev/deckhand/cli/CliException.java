package dev.deckhand.cli;

/** A failure the CLI reports in one line and maps to its exit code; never shown as a stack trace. */
class CliException extends RuntimeException {

    /** The server answered 4xx/5xx. */
    static final int SERVER_SAID_NO = 1;
    /** Deckhand could not be reached: connection refused, timeout, unknown host. */
    static final int UNREACHABLE = 3;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
