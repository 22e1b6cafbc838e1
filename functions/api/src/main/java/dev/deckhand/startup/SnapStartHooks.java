package dev.deckhand.startup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.deckhand.cluster.credentials.ClusterConnections;
import dev.deckhand.http.PooledConnections;
import dev.deckhand.lambda.HttpApiHandler;
import dev.deckhand.prewarm.TaskIds;
import io.kubernetes.client.openapi.ApiClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart's runtime hooks (the CRaC API): Lambda snapshots the initialised function once per published version
 * and restores every new execution environment from that snapshot, so
 * <ul>
 *   <li>before the checkpoint, the work a first request would do is done, so the snapshot holds it
 *       ({@link FirstRequestWork}), and one {@code GET /healthz} through the Lambda handler (routing,
 *       filters, security, serialisation; no cluster call);</li>
 *   <li>after a restore, what belongs to the snapshotted process or its time is dropped: the Kubernetes client's
 *       pooled connections, the EKS token and the AWS credentials it was signed with, the HTTP clients of the node
 *       agents, the service catalog and the tenant service, and the generator of task ids' seed.</li>
 * </ul>
 * The reconciler's Lease holder on Lambda is the request id, unique per invocation, so nothing of it is in a snapshot.
 * On a JVM without CRaC (every other deployment) registering does nothing and the hooks never run.
 */
@Context
public class SnapStartHooks implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartHooks.class);

    private final ApplicationContext context;

    public SnapStartHooks(ApplicationContext context) {
        this.context = context;
        // The global context keeps a weak reference; this singleton lives as long as the application.
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> checkpoint) {
        int status = prime();
        LOG.info("SnapStart: primed before the snapshot (GET /healthz answered {})", status);
        // Whatever the priming connected stays out of the snapshot.
        dropWhatARestoreInvalidates();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> restore) {
        dropWhatARestoreInvalidates();
        LOG.info("SnapStart: restored; connections, EKS token, credentials and random seeds renewed");
    }

    /** Does the first request's one-off work; answers the status of the probe it sends through the Lambda handler. */
    int prime() {
        FirstRequestWork.libraries();
        FirstRequestWork.beans(context);
        APIGatewayV2HTTPEvent probe = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("GET /healthz")
                .withRawPath("/healthz")
                .withRawQueryString("")
                .withHeaders(java.util.Map.of("accept", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath("/healthz")
                                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .build())
                .withIsBase64Encoded(false)
                .build();
        return new HttpApiHandler(context).handleRequest(probe, new MockLambdaContext()).getStatusCode();
    }

    void dropWhatARestoreInvalidates() {
        renew("the Kubernetes client's connections and credentials", () -> context.findBean(ApiClient.class).ifPresent(ClusterConnections::reset));
        renew("the HTTP clients' connections", () -> context.getBeansOfType(PooledConnections.class).forEach(PooledConnections::dropConnections));
        renew("the task id generator", TaskIds::reseed);
    }

    /** A step that fails is logged, not thrown: a failed hook fails the restore, and the request would fail alike, and say why. */
    private static void renew(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("SnapStart: could not renew {}: {}", what, e.toString());
        }
    }
}
