package dev.deckhand.reconciler.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.deckhand.reconciler.PassSummary;
import dev.deckhand.reconciler.ReconcilePass;
import dev.deckhand.reconciler.ReconcilerSettings;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The Lambda trigger: an EventBridge schedule invokes it, it runs one pass within the invocation's remaining
 * time less {@code deckhand.reconciler.lambda-margin}, under the request id as lease holder, and returns the
 * summary. An unreachable cluster fails the invocation (so that it shows in the function's errors and
 * EventBridge retries it); a failed write does not: the summary says so and the next scheduled pass retries it.
 */
public class ScheduledPassHandler extends MicronautRequestHandler<ScheduledEvent, PassSummary> {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledPassHandler.class);

    @Inject
    ReconcilePass pass;

    @Inject
    ReconcilerSettings settings;

    /** For the Lambda runtime: builds its own application context. */
    public ScheduledPassHandler() {
    }

    public ScheduledPassHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public PassSummary execute(ScheduledEvent event) {
        // The runtime's Context of the current invocation, registered by handleRequest before it calls this.
        Context invocation = getApplicationContext().getBean(Context.class);
        Duration budget = settings.lambdaBudget(Duration.ofMillis(invocation.getRemainingTimeInMillis()));
        PassSummary summary = pass.run(invocation.getAwsRequestId(), budget);
        LOG.info("reconcile pass for {} at {}: {}", event.getResources(), event.getTime(), summary.describe());
        return summary;
    }
}
