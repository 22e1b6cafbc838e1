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
     * Serial GC and a small heap that gives memory back after a collection (the largest answer, a list of a thousand
     * images, is well under a MB); C1 only, and only for methods run thousands of times (no C2 compiler thread and
     * less code for a process that mostly waits); small thread stacks, metaspace, code cache and direct memory; no
     * perf-data file. Each was kept for what it saved in {@code bench/run agent} (bench/README.md).
     */
    public static final List<String> OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms4m",
            "-Xmx24m",
            "-Xmn2m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20",
            "-Xss256k",
            "-XX:TieredStopAtLevel=1",
            "-XX:Tier3InvocationThreshold=2000",
            "-XX:Tier3MinInvocationThreshold=1000",
            "-XX:Tier3CompileThreshold=20000",
            "-XX:Tier3BackEdgeThreshold=600000",
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
