package dev.deckhand.reconciler.lambda;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.deckhand.reconciler.LeaseFixtures;
import dev.deckhand.reconciler.PassSummary;
import dev.deckhand.reconciler.Sandboxes;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda trigger: a real EventBridge scheduled event, read as the Lambda Java runtime reads it, handed to the
 * handler with an invocation Context, against the sandbox; the summary written back as the runtime writes it.
 */
class ScheduledPassHandlerTest {

    private SandboxCluster cluster;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private ScheduledEvent event() throws Exception {
        try (InputStream json = getClass().getResourceAsStream("/events/scheduled-event.json")) {
            return LambdaEventSerializers.serializerFor(ScheduledEvent.class, getClass().getClassLoader()).fromJson(json);
        }
    }

    private static String asLambdaReturnsIt(PassSummary summary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JacksonFactory.getInstance().getSerializer(PassSummary.class).toJson(summary, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theEventIsReadAsTheRuntimeReadsIt() throws Exception {
        ScheduledEvent event = event();
        assertEquals("Scheduled Event", event.getDetailType());
        assertEquals("aws.events", event.getSource());
        assertEquals(List.of("arn:aws:events:us-east-1:123456789012:rule/deckhand-reconcile"), event.getResources());
        assertEquals(1444323186000L, event.getTime().getMillis());
    }

    @Test
    void aScheduledEventRunsOnePassUnderTheRequestIdAndReturnsItsSummary() throws Exception {
        try (ApplicationContext context = Sandboxes.reconciler(cluster, Map.of());
             ScheduledPassHandler handler = new ScheduledPassHandler(context)) {
            PassSummary summary = handler.handleRequest(event(), new FixedLambdaContext("8f5e2a1c-request-1", 60_000));
            assertEquals(PassSummary.Outcome.CONVERGED, summary.outcome(), summary.describe());
            assertEquals("8f5e2a1c-request-1", summary.holder());
            assertEquals(6, summary.nodeAgents().created());
            assertEquals(3, Sandboxes.agentDeployments(cluster).size());
            assertEquals(3, Sandboxes.agentServices(cluster));

            String json = asLambdaReturnsIt(summary);
            assertTrue(json.contains("\"outcome\":\"CONVERGED\""), json);
            assertTrue(json.contains("\"holder\":\"8f5e2a1c-request-1\""), json);
            assertTrue(json.contains("\"created\":6"), json);
            assertTrue(json.contains("\"deferred\":0"), json);
            assertTrue(json.contains("\"provisionedNodes\":[\"node-1\",\"node-2\",\"node-3\"]"), json);
        }
    }

    @Test
    void theInvocationsRemainingTimeBoundsItsPass() throws Exception {
        try (ApplicationContext context = Sandboxes.reconciler(cluster, Map.of());
             ScheduledPassHandler handler = new ScheduledPassHandler(context)) {
            // Nothing left of the invocation: the pass observes, plans, and leaves every write to the next one.
            PassSummary late = handler.handleRequest(event(), new FixedLambdaContext("request-late", 0));
            assertEquals(PassSummary.Outcome.DEFERRED, late.outcome(), late.describe());
            assertEquals(0, late.nodeAgents().created());
            assertEquals(6, late.nodeAgents().deferred());
            assertEquals("budget of 0 ms used up", late.stoppedEarly());
            assertTrue(asLambdaReturnsIt(late).contains("\"outcome\":\"DEFERRED\""));
            assertEquals(0, Sandboxes.agentDeployments(cluster).size());

            LeaseFixtures.expire(cluster); // the next scheduled invocation comes after the lease ran out
            PassSummary next = handler.handleRequest(event(), new FixedLambdaContext("request-next", 30_000));
            assertEquals("request-next", next.holder(), "each invocation's own Context");
            assertEquals(PassSummary.Outcome.CONVERGED, next.outcome(), next.describe());
            assertEquals(6, next.nodeAgents().created());
        }
    }

    @Test
    void theNoArgumentConstructorTheRuntimeUsesBuildsItsOwnContext() throws Exception {
        System.setProperty("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString());
        try (ScheduledPassHandler handler = new ScheduledPassHandler()) {
            PassSummary summary = handler.handleRequest(event(), new FixedLambdaContext("request-cold", 60_000));
            assertEquals(PassSummary.Outcome.CONVERGED, summary.outcome(), summary.describe());
            assertEquals(3, Sandboxes.agentDeployments(cluster).size());
        } finally {
            System.clearProperty("kubernetes.client.kube-config-path");
        }
    }
}
