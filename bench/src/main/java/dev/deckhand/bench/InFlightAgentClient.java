package dev.deckhand.bench;

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
import java.util.concurrent.atomic.AtomicInteger;

/** The production agent client, measuring the most pulls in flight at once. Only where the benchmark asks for it. */
@Singleton
@Replaces(HttpNodeAgentClient.class)
@Requires(property = "deckhand.bench.in-flight", value = "true")
public class InFlightAgentClient implements NodeAgentClient {

    private final HttpNodeAgentClient delegate;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public InFlightAgentClient(AgentSettings settings, ObjectMapper json) {
        this.delegate = new HttpNodeAgentClient(settings, json);
    }

    @Override
    public List<AgentImage> listImages(String node) {
        return delegate.listImages(node);
    }

    @Override
    public PullResult pull(String node, String image) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            return delegate.pull(node, image);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public RemoveResult remove(String node, String image, boolean force) {
        return delegate.remove(node, image, force);
    }

    @Override
    public CleanupResult cleanup(String node, CleanupRequest request) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            return delegate.cleanup(node, request);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    void reset() {
        maxInFlight.set(0);
    }
}
