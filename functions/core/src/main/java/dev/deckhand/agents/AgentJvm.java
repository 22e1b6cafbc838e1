package dev.deckhand.agents;

import java.util.List;

/**
 * How the node agent's JVM is started on every node: the options its Deployment sets ({@code JAVA_TOOL_OPTIONS}) and
 * the memory it is given. They are chosen for a small idle footprint, which the fleet pays once per node; the
 * figures behind them are in bench/README.md ("agent"), measured by {@code bench/run agent} with these options.
 */
public final class AgentJvm {

    /** Where the agent image's Dockerfile writes the class-data archive (made by a training run at image build). */
    public static final String CLASS_DATA_ARCHIVE = "/opt/deckhand/deckhand-node-agent.jsa";

    /**
     * Serial GC and a small heap (the largest answer, a list of thousands of images, is a few MB); C1 only (no C2
     * compiler thread and code for a process that mostly waits); small thread stacks, metaspace, code cache and
     * direct memory; no perf-data file.
     */
    public static final List<String> OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms8m",
            "-Xmx32m",
            "-Xss256k",
            "-XX:TieredStopAtLevel=1",
            "-XX:MaxMetaspaceSize=48m",
            "-XX:ReservedCodeCacheSize=16m",
            "-XX:MaxDirectMemorySize=16m",
            "-XX:-UsePerfData");

    /** glibc's malloc arenas: two instead of up to eight per core (one per thread that mallocs, each kept). */
    public static final String MALLOC_ARENA_MAX = "2";

    /** The agent container's memory request and limit (at most twice the idle RSS measured, above the peak). */
    public static final String MEMORY = "96Mi";

    private AgentJvm() {
    }

    /** {@link #OPTIONS} and the image's class-data archive, as the Deployment's {@code JAVA_TOOL_OPTIONS}. */
    public static String javaToolOptions() {
        return String.join(" ", OPTIONS) + " -XX:SharedArchiveFile=" + CLASS_DATA_ARCHIVE;
    }
}
