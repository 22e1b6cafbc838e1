package dev.deckhand.reconciler;

import dev.deckhand.cluster.failures.Failure;
import dev.deckhand.cluster.failures.FailureLedgerStore;
import dev.deckhand.sandbox.RequestStats;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import dev.deckhand.services.NewService;
import dev.deckhand.services.ServiceLabels;
import dev.deckhand.services.ServicesReconcileResult;
import dev.deckhand.services.ServicesService;
import dev.deckhand.services.StoredService;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The services step of a reconcile pass on the sandbox: compose services converge, drift and deletions are repaired. */
class ServicesReconcileTest {

    static final String NS = "deckhand-services";
    static final String COMPOSE = """
            services:
              web:
                image: nginx:1.27
                ports: ["30090:80"]
                environment:
                  MODE: production
                  WORKERS: 4
                deploy:
                  replicas: 2
              api:
                image: registry.example.com:5000/team/api:1.2
                ports: [8080]
                command: serve --port 8080
              worker:
                image: busybox:1.36
                command: ["sh", "-c", "while true; do sleep 60; done"]
            """;

    @TempDir
    Path dir;
    private SandboxCluster cluster;
    private ApplicationContext context;
    private ReconcilePass pass;
    private Path compose;

    @BeforeEach
    void start() throws IOException {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
        compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, COMPOSE);
        context = Sandboxes.reconciler(cluster, Map.of("deckhand.services.namespace", NS, "deckhand.services.desired-file", compose.toString()));
        pass = context.getBean(ReconcilePass.class);
    }

    @AfterEach
    void stop() {
        context.close();
        cluster.close();
    }

    @Test
    void aComposeFileWithThreeServicesConvergesInOnePassAndTheNextWritesNothing() {
        PassSummary first = pass.run();
        assertEquals(PassSummary.Outcome.CONVERGED, first.outcome(), first.describe());
        ServicesReconcileResult services = first.services();
        assertEquals(3, services.desired());
        assertEquals(6, services.created(), "a Deployment and a Service each: " + services);
        assertTrue(first.describe().contains("services: 3 desired, 6 created"), first.describe());

        Deployment web = deployment("web");
        assertEquals(2, web.getSpec().getReplicas());
        assertEquals("nginx:1.27", web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(Map.of("MODE", "production", "WORKERS", "4"), Map.of(
                web.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getName(),
                web.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValue(),
                web.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(1).getName(),
                web.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(1).getValue()));
        assertEquals("deckhand", web.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("NodePort", service("web").getSpec().getType());
        assertEquals(30090, service("web").getSpec().getPorts().get(0).getNodePort());
        Integer assigned = service("api").getSpec().getPorts().get(0).getNodePort();
        assertTrue(assigned != null && assigned >= 30000 && assigned <= 32767, "8080 alone: the cluster assigns the node port: " + assigned);
        assertEquals(List.of("serve", "--port", "8080"), deployment("api").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertEquals("None", service("worker").getSpec().getClusterIP());

        cluster.resetRequestStats();
        PassSummary steady = pass.run();
        RequestStats stats = cluster.requestStats();
        assertEquals(0, steady.services().writes(), steady.describe());
        assertFalse(steady.wroteAnything(), "a steady pass logs at DEBUG: " + steady.describe());
        assertEquals(0, stats.writes() - leaseWrites(stats), "steady state writes nothing but the lease: " + stats.byVerb());
        // Besides the LISTs and the lease: the failure ledger and the published agent template, read once each.
        assertTrue(stats.byVerb().keySet().stream().allMatch(k -> k.startsWith("list ") || k.contains("leases") || k.equals("get configmaps")),
                stats.byVerb().toString());
        assertEquals(2L, stats.count("get configmaps"), stats.byVerb().toString());
        assertEquals(2L, stats.byVerb().get("list deployments.apps"), "one for the node agents, one for the services: " + stats.byVerb());
        System.out.println("first: " + first.describe() + "\nsteady: " + steady.describe());
    }

    @Test
    void aDeploymentDeletedByHandIsRecreatedByTheNextPassWithItsIdAndCreationTime() {
        pass.run();
        Deployment before = deployment("web");
        cluster.client().apps().deployments().inNamespace(NS).withName("web").delete();
        assertNull(cluster.client().apps().deployments().inNamespace(NS).withName("web").get());

        PassSummary repaired = pass.run();
        assertEquals(PassSummary.Outcome.CONVERGED, repaired.outcome(), repaired.describe());
        assertEquals(1, repaired.services().recreated(), repaired.describe());
        assertEquals(List.of("web: deployment recreated"), repaired.services().driftFixed());
        assertTrue(repaired.wroteAnything(), "a pass that only repaired a service logs at INFO: " + repaired.describe());
        assertEquals(List.of("web: deployment recreated"), repaired.namedWrites());
        assertTrue(repaired.describe().contains("; wrote: web: deployment recreated"), repaired.describe());
        Deployment after = deployment("web");
        assertEquals(before.getMetadata().getLabels().get(ServiceLabels.ID), after.getMetadata().getLabels().get(ServiceLabels.ID));
        assertEquals(before.getMetadata().getAnnotations().get(ServiceLabels.CREATED), after.getMetadata().getAnnotations().get(ServiceLabels.CREATED));
    }

    @Test
    void aChangedComposeFileIsRolledOutAndAServiceItNoLongerNamesIsRemoved() throws IOException {
        pass.run();
        Files.writeString(compose, COMPOSE.replace("nginx:1.27", "nginx:1.28").replace("replicas: 2", "replicas: 3")
                .replaceAll("(?s)  worker:.*", ""));
        PassSummary changed = pass.run();
        assertEquals(PassSummary.Outcome.CONVERGED, changed.outcome(), changed.describe());
        assertTrue(changed.services().driftFixed().contains("web: deployment updated (image nginx:1.27 -> nginx:1.28, replicas 2 -> 3)"),
                changed.services().driftFixed().toString());
        assertEquals("nginx:1.28", deployment("web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals(3, deployment("web").getSpec().getReplicas());
        assertEquals(30090, service("web").getSpec().getPorts().get(0).getNodePort());
        assertNull(cluster.client().apps().deployments().inNamespace(NS).withName("worker").get());
        assertNull(cluster.client().services().inNamespace(NS).withName("worker").get());
        assertEquals(0, pass.run().services().writes());
    }

    @Test
    void aPostedServiceIsKeptFromWhatDeckhandStoredOnItsObjects() {
        StoredService posted = context.getBean(ServicesService.class).create(new NewService("redis:7", true, new NewService.Publish(30111)));
        pass.run();
        cluster.client().apps().deployments().inNamespace(NS).withName(posted.name()).delete();
        PassSummary repaired = pass.run();
        assertEquals(List.of(posted.name() + ": deployment recreated"), repaired.services().driftFixed(), repaired.describe());
        assertEquals("redis:7", deployment(posted.name()).getSpec().getTemplate().getSpec().getContainers().get(0).getImage());

        cluster.client().services().inNamespace(NS).withName(posted.name()).delete();
        PassSummary again = pass.run();
        assertEquals(List.of(posted.name() + ": service recreated"), again.services().driftFixed(), again.describe());
        assertEquals(30111, service(posted.name()).getSpec().getPorts().get(0).getNodePort());
    }

    @Test
    void aDesiredServiceWhoseNodePortAForeignServiceHoldsIsReportedWithItsHolderAndTheOthersConverge() {
        cluster.client().services().inNamespace("default").resource(new ServiceBuilder()
                .withNewMetadata().withName("legacy-web").endMetadata()
                .withNewSpec().withType("NodePort").addNewPort().withPort(80).withNodePort(30090).endPort().endSpec()
                .build()).create();

        cluster.resetRequestStats();
        PassSummary first = pass.run();
        RequestStats stats = cluster.requestStats();
        assertEquals(PassSummary.Outcome.FAILED, first.outcome(), first.describe());
        assertEquals(List.of("web: service created: node port 30090 is already held by Service default/legacy-web"),
                first.services().failures(), first.describe());
        assertTrue(first.describe().contains("node port 30090 is already held by Service default/legacy-web"), first.describe());
        assertEquals(5, first.services().created(), "every other object: " + first.describe());
        assertNotNull(deployment("web"));
        assertNotNull(service("api"));
        assertNotNull(service("worker"));
        assertNull(service("web"), "the doomed write was not sent");
        assertEquals(3L + 2L, stats.count("create services"), "the 3 node agents', then api and worker only: " + stats.byVerb());
        assertEquals(3L, stats.count("list services"), "the agents', the services', and one of every namespace: " + stats.byVerb());
        assertEquals(0, first.failedWrites(), "no request was refused: " + first.describe());
        Failure recorded = context.getBean(FailureLedgerStore.class).load().get("services/service/web");
        assertNotNull(recorded, "recorded in the failure ledger");
        assertEquals("node port 30090 is already held by Service default/legacy-web", recorded.error());

        // Backed off as after a refusal: the next pass neither checks nor writes it.
        cluster.resetRequestStats();
        PassSummary backedOff = pass.run();
        assertEquals(0, backedOff.services().writes(), backedOff.describe());
        // Its Deployment exists now, so the planner calls the Service's create a recreate.
        assertEquals(List.of("web: service recreated (backed off after a refused write)"), backedOff.services().skippedObjects());
        assertEquals(2L, cluster.requestStats().count("list services"), cluster.requestStats().byVerb().toString());

        // The port is free again and the backoff over: the Service is created with it.
        cluster.client().services().inNamespace("default").withName("legacy-web").delete();
        backoffsOver();
        PassSummary repaired = pass.run();
        assertEquals(PassSummary.Outcome.CONVERGED, repaired.outcome(), repaired.describe());
        assertEquals(List.of("web: service recreated"), repaired.services().driftFixed());
        assertEquals(30090, service("web").getSpec().getPorts().get(0).getNodePort());
        assertEquals(0, pass.run().services().writes());
    }

    @Test
    void aBrokenComposeFileIsReportedWithItsPathAndChangesNothing() throws IOException {
        pass.run();
        Files.writeString(compose, COMPOSE.replace("    deploy:", "    restart: always\n    deploy:"));
        PassSummary broken = pass.run();
        assertEquals(PassSummary.Outcome.FAILED, broken.outcome());
        assertTrue(broken.services().failures().get(0).contains("services.web.restart"), broken.services().failures().toString());
        assertEquals(0, broken.services().writes());
        assertNotNull(deployment("worker"));
    }

    /** As the failure ledger is once every backoff in it is over. */
    private void backoffsOver() {
        ConfigMap ledger = cluster.client().configMaps().inNamespace("deckhand").withName("deckhand-reconciler-failures").get();
        ledger.getData().put("failures.json", ledger.getData().get("failures.json")
                .replaceAll("\"retryAt\":\"[^\"]+\"", "\"retryAt\":\"2000-01-01T00:00:00Z\""));
        cluster.client().configMaps().inNamespace("deckhand").resource(ledger).update();
    }

    private static long leaseWrites(RequestStats stats) {
        return stats.byVerb().entrySet().stream().filter(e -> e.getKey().contains("leases") && !e.getKey().startsWith("get")
                && !e.getKey().startsWith("list")).mapToLong(Map.Entry::getValue).sum();
    }

    private Deployment deployment(String name) {
        return cluster.client().apps().deployments().inNamespace(NS).withName(name).get();
    }

    private Service service(String name) {
        return cluster.client().services().inNamespace(NS).withName(name).get();
    }
}
