package dev.deckhand.cluster;

/** Where the API server serves a LIST from. */
public enum ListSource {
    /**
     * The API server's watch cache ({@code resourceVersion=0}): no quorum read from etcd, far cheaper for thousands of
     * objects, but it may lag the latest writes by a moment (usually milliseconds). For reconcile passes: they converge
     * on the next pass whatever they saw, create tolerating 409, delete tolerating 404, and read an object live before
     * they replace it, so nothing they do depends on their own writes showing in such a list.
     */
    WATCH_CACHE("0"),
    /** The latest state (a quorum read): what a user who has just written expects to see. */
    LATEST(null);

    private final String resourceVersion;

    ListSource(String resourceVersion) {
        this.resourceVersion = resourceVersion;
    }

    /** The LIST's {@code resourceVersion} parameter; null leaves it out. */
    public String resourceVersion() {
        return resourceVersion;
    }
}
