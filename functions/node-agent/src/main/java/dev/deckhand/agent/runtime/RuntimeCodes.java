package dev.deckhand.agent.runtime;

/** The gRPC status code names the agent treats specially (the rest are passed through by name). */
public final class RuntimeCodes {
    public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    public static final String NOT_FOUND = "NOT_FOUND";
    /** The image is in use by a running container (the gRPC code for "the system is not in the state required"). */
    public static final String FAILED_PRECONDITION = "FAILED_PRECONDITION";
    public static final String UNAVAILABLE = "UNAVAILABLE";
    public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
    public static final String UNKNOWN = "UNKNOWN";
    public static final String INTERNAL = "INTERNAL";
    /** The caller presented no valid agent token (the gRPC code of the same meaning). */
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";

    private RuntimeCodes() {
    }
}
