package dev.deckhand.prewarm;

import dev.deckhand.agent.api.AgentImage;
import dev.deckhand.agent.api.CleanupRequest;
import dev.deckhand.agent.api.CleanupResult;
import dev.deckhand.agent.api.PullResult;
import dev.deckhand.agent.api.RemoveResult;
import dev.deckhand.agents.AgentSettings;
import dev.deckhand.images.HttpNodeAgentClient;
import dev.deckhand.images.NodeAgentClient;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production agent client, counting what goes through it: pulls per node and the most pulls in flight at once.
 * Only in contexts that set {@code deckhand.test.counting-agents=true}.
 */
@Singleton
@Replaces(HttpNodeAgentClient.class)
@Requires(property = "deckhand.test.counting-agents", value = "true")
public class CountingAgentClient implements NodeAgentClient {

    private final HttpNodeAgentClient delegate;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> pulls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cleanups = new ConcurrentHashMap<>();
    private final List<Call> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One pull: node, image, and when it started and ended ({@link System#nanoTime()}). */
    record Call(String node, String image, long started, long ended) {
    }

    public CountingAgentClient(AgentSettings settings, ObjectMapper json) {
        this.delegate = new HttpNodeAgentClient(settings, json);
    }

    @Override
    public List<AgentImage> listImages(String node) {
        return delegate.listImages(node);
    }

    @Override
    public PullResult pull(String node, String image) {
        pulls.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        long started = System.nanoTime();
        try {
            return delegate.pull(node, image);
        } finally {
            inFlight.decrementAndGet();
            calls.add(new Call(node, image, started, System.nanoTime()));
        }
    }

    @Override
    public RemoveResult remove(String node, String image, boolean force) {
        return delegate.remove(node, image, force);
    }

    /** Cleanups are counted per node, and in flight together with pulls. */
    @Override
    public CleanupResult cleanup(String node, CleanupRequest request) {
        cleanups.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            return delegate.cleanup(node, request);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int cleanups(String node) {
        AtomicInteger count = cleanups.get(node);
        return count == null ? 0 : count.get();
    }

    int pulls(String node) {
        AtomicInteger count = pulls.get(node);
        return count == null ? 0 : count.get();
    }

    int totalPulls() {
        return pulls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    public void reset() {
        calls.clear();
        pulls.clear();
        cleanups.clear();
        maxInFlight.set(0);
    }
}
