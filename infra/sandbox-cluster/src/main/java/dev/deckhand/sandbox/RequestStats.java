package dev.deckhand.sandbox;

import java.util.Map;
import java.util.TreeMap;

/**
 * Requests the sandbox API server received from clients other than the sandbox itself, since the cluster
 * started or since the last {@link SandboxCluster#resetRequestStats()}.
 *
 * <p>Counted: every HTTP request to the API server except those made by the sandbox's own fabric8 client
 * (seeding, the node simulator, the simulated agents writing node status, and {@link SandboxCluster#client()}),
 * which tags each request with the header {@value SandboxApiServer#INTERNAL_HEADER}. So the simulator may keep
 * running during a benchmark without polluting it.
 *
 * @param total  every counted request
 * @param writes counted POST, PUT, PATCH and DELETE requests
 * @param byVerb counts per Kubernetes verb and resource, e.g. {@code "list nodes"}, {@code "get nodes"},
 *               {@code "create deployments.apps"}, {@code "patch nodes/status"}, {@code "watch pods"},
 *               {@code "deletecollection pods"}; other paths as {@code "get /version"}
 * @param fromWatchCache the LISTs of {@code byVerb} that asked for {@code resourceVersion=0} (which a real API server
 *                       answers from its watch cache, without a quorum read from etcd), e.g. {@code "list nodes"}
 */
public record RequestStats(long total, long writes, Map<String, Long> byVerb, Map<String, Long> fromWatchCache) {

    public RequestStats {
        byVerb = Map.copyOf(byVerb);
        fromWatchCache = Map.copyOf(fromWatchCache);
    }

    /** The LISTs that did not ask for the watch cache (each a quorum read on a real API server), by resource. */
    public Map<String, Long> latestLists() {
        Map<String, Long> latest = new TreeMap<>();
        byVerb.forEach((verb, count) -> {
            long rest = count - fromWatchCache.getOrDefault(verb, 0L);
            if (verb.startsWith("list ") && rest > 0) {
                latest.put(verb, rest);
            }
        });
        return latest;
    }

    /** Counted GET requests (get, list and watch). */
    public long reads() {
        return total - writes;
    }

    /** The count for one verb and resource, e.g. {@code count("list nodes")}; 0 when none. */
    public long count(String verbAndResource) {
        return byVerb.getOrDefault(verbAndResource, 0L);
    }

    @Override
    public String toString() {
        return "RequestStats[total=" + total + ", writes=" + writes + ", byVerb=" + new TreeMap<>(byVerb)
                + ", fromWatchCache=" + new TreeMap<>(fromWatchCache) + "]";
    }
}
