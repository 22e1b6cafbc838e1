package dev.deckhand.agent.runtime;

/** The gRPC status code names the agent treats specially (the rest are passed through by name). */
public final class RuntimeCodes {
    public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String UNAVAILABLE = "UNAVAILABLE";
    public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
    public static final String UNKNOWN = "UNKNOWN";
    public static final String INTERNAL = "INTERNAL";
    /** The caller presented no valid agent token (the gRPC code of the same meaning). */
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";

    private RuntimeCodes() {
    }
}
