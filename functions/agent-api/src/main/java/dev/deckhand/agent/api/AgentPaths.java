package dev.deckhand.agent.api;

/**
 * The node agent's HTTP routes. Every route but the probes needs the caller token ({@link AgentToken}), else 401
 * {@code UNAUTHENTICATED}. Status codes: 200 success; 400 {@code INVALID_ARGUMENT};
 * 404 {@code NOT_FOUND} (image or tag unknown to the runtime or the registry); 409 {@code FAILED_PRECONDITION} (a
 * remove of an image running containers use, without {@link #FORCE}); 502 any other runtime or
 * registry failure ({@code UNKNOWN} etc.); 503 the runtime socket cannot be reached ({@code UNAVAILABLE}).
 * Every error body is an {@link AgentError}.
 */
public final class AgentPaths {
    /** GET: {@link AgentImageList}. */
    public static final String IMAGES = "/images";
    /** GET with query parameter {@code image}: one {@link AgentImage}, 404 when absent. */
    public static final String IMAGE_STATUS = "/images/status";
    /** POST {@link ImageRequest}: {@link PullResult}. */
    public static final String PULL = "/images/pull";
    /**
     * POST {@link ImageRequest}: {@link RemoveResult}. An image that running containers use is refused with 409
     * {@code FAILED_PRECONDITION}, naming the containers, unless the query has {@link #FORCE}{@code =true}.
     */
    public static final String REMOVE = "/images/remove";
    /** Query parameter of {@link #REMOVE}: {@code true} removes an image even while running containers use it. */
    public static final String FORCE = "force";
    /**
     * POST {@link CleanupRequest}: {@link CleanupResult}. Removes the images {@link CleanupRules} selects and no
     * container on the node (in any state) uses; with {@code dryRun} removes nothing. 400 {@code INVALID_ARGUMENT} for
     * bad rules and for {@code unusedFor} ({@link CleanupRules#UNUSED_FOR_REFUSAL}).
     */
    public static final String CLEANUP = "/images/cleanup";
    /** GET: {@link FsInfo}. */
    public static final String FS = "/fs";
    /** GET: 200 while the process runs. */
    public static final String HEALTHZ = "/healthz";
    /** GET: 200 when the runtime answers, 503 otherwise. */
    public static final String READYZ = "/readyz";
    /** The port the agent listens on in its pod and its Service exposes. */
    public static final int PORT = 8090;

    private AgentPaths() {
    }
}
