package dev.deckhand.tenantjobs;

import dev.deckhand.api.ApiTestSupport;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seed 003's {@code /pods} routes end to end on the sandbox: the functions, the production Kubernetes client, the
 * sandbox's API server and its node simulator running the Jobs, with the demo tenants {@code tenant-a} (PVCs data,
 * results) and {@code tenant-b} (data, archive).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantJobsApiTest implements TestPropertyProvider {

    static final ResourceDefinitionContext TEMPLATES = new ResourceDefinitionContext.Builder()
            .withGroup("deckhand.dev").withVersion("v1").withPlural("jobtemplates").withKind("JobTemplate").withNamespaced(true)
            .build();

    private SandboxCluster cluster;

    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper json;

    private ApiTestSupport api;
    private TemplateHttp templates;

    @Override
    public Map<String, String> getProperties() {
        cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build());
        return Map.of(
                "kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString(),
                "deckhand.agent.url-template", cluster.agentUrlTemplate(),
                "deckhand.agent.namespace", "deckhand");
    }

    @BeforeEach
    void reset() {
        api = new ApiTestSupport(server.getURL(), json);
        templates = new TemplateHttp(server.getURL(), json);
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    // ---------------------------------------------------------------------------------------------------------

    private List<Job> allJobs() {
        return cluster.client().batch().v1().jobs().inAnyNamespace().list().getItems();
    }

    private Job job(String namespace, String name) {
        return cluster.client().batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }

    private int podsOf(String namespace, String job) {
        return cluster.client().pods().inNamespace(namespace).withLabel("job-name", job).list().getItems().size();
    }

    private JsonNode listed(String tenant, String name) {
        ApiTestSupport.Answer list = api.get("/pods?tenant=" + tenant);
        assertEquals(200, list.status(), list.body());
        assertTrue(list.json().isArray(), list.body());
        for (int i = 0; i < list.json().size(); i++) {
            if (name.equals(list.json().get(i).get("name").getStringValue())) {
                return list.json().get(i);
            }
        }
        return null;
    }

    private JsonNode awaitListed(String tenant, String name, Predicate<JsonNode> done) {
        Instant giveUp = Instant.now().plusSeconds(30);
        JsonNode last = null;
        while (Instant.now().isBefore(giveUp)) {
            last = listed(tenant, name);
            if (last != null && done.test(last)) {
                return last;
            }
            sleep(200);
        }
        return fail("job " + name + " did not get there in 30 s; last listed as " + last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.getStringValue();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Done when: two PVC mounts, Succeeded, listed with its phase

    @Test
    void jobWithTwoPvcMountsRunsToSucceededAndIsListedWithItsPhase() {
        ApiTestSupport.Answer created = api.post("/pods", "{\"tenant\":\"tenant-a\",\"cmd\":\"cp -r /src/* /dest/\","
                + "\"vols\":[{\"pvc\":\"data\",\"mount\":\"/src\"},{\"pvc\":\"results\",\"mount\":\"/dest\"}]}");
        assertEquals(200, created.status(), created.body());
        String name = created.text("name");
        assertNotNull(name, "the answer names the Job, unlike the seed's null: " + created.body());
        assertTrue(name.matches("job-tenant-a-[0-9a-f]{10}"), name);
        assertEquals("tenant-a", created.text("namespace"));
        assertEquals("tenant-a", created.text("tenant"));
        assertNotNull(created.text("status"));
        assertTrue(created.json().get("created").getBooleanValue());

        Job job = job("tenant-a", name);
        assertNotNull(job, "the Job is in the tenant's namespace");
        assertEquals("deckhand", job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("tenant-a", job.getMetadata().getLabels().get("deckhand.dev/tenant"));
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("tenant-a", job.getSpec().getTemplate().getMetadata().getLabels().get("deckhand.dev/tenant"));
        var container = pod.getContainers().get(0);
        assertEquals("busybox:1.28.4", container.getImage());
        assertEquals(List.of("/bin/sh", "-c", "cp -r /src/* /dest/"), container.getArgs());
        assertEquals(List.of("data", "results"), pod.getVolumes().stream().map(v -> v.getPersistentVolumeClaim().getClaimName()).toList());
        assertEquals(List.of("/src", "/dest"), container.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        // The restricted Pod Security profile.
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertEquals(65534L, pod.getSecurityContext().getRunAsUser());
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
        assertTrue(container.getSecurityContext().getRunAsNonRoot());
        assertFalse(pod.getAutomountServiceAccountToken());

        JsonNode done = awaitListed("tenant-a", name, j -> "Succeeded".equals(text(j, "status")));
        assertEquals("tenant-a", text(done, "namespace"));
        JsonNode pods = done.get("pods");
        assertEquals(1, pods.size(), done.toString());
        assertEquals("Succeeded", text(pods.get(0), "phase"));
        assertEquals(0, pods.get(0).get("exitCode").getIntValue());
        assertEquals("Completed", text(pods.get(0), "reason"));
        assertNotNull(text(pods.get(0), "startTime"));
        assertNotNull(text(pods.get(0), "completionTime"));
        assertNotNull(text(done, "completionTime"));

        // One job: with the tail of its pod's log.
        ApiTestSupport.Answer one = api.get("/pods?tenant=tenant-a&name=" + name);
        assertEquals(200, one.status(), one.body());
        assertEquals("Succeeded", one.text("status"));
        JsonNode log = one.json().get("log");
        assertNotNull(log, one.body());
        assertEquals(text(pods.get(0), "name"), text(log, "pod"));
        assertEquals("copy", text(log, "container"));
        assertTrue(text(log, "text").contains("cp -r /src/* /dest/"), log.toString());
        assertTrue(text(log, "text").contains("exited with code 0"), log.toString());
    }

    @Test
    void anIdenticalRequestAgainAnswersTheSameJobAndSaysItExisted() {
        String body = "{\"tenant\":\"tenant-b\",\"cmd\":\"ls /in\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/in\"}]}";
        ApiTestSupport.Answer first = api.post("/pods", body);
        ApiTestSupport.Answer again = api.post("/pods", body);
        assertEquals(200, first.status(), first.body());
        assertEquals(200, again.status(), again.body());
        assertEquals(first.text("name"), again.text("name"));
        assertTrue(first.json().get("created").getBooleanValue());
        assertFalse(again.json().get("created").getBooleanValue(), again.body());
        assertEquals(1, allJobs().stream().filter(j -> j.getMetadata().getName().equals(first.text("name"))).count());

        ApiTestSupport.Answer other = api.post("/pods", body.replace("ls /in", "ls -l /in"));
        assertEquals(200, other.status(), other.body());
        assertFalse(other.text("name").equals(first.text("name")), "another command is another job");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Done when: refused requests create nothing

    private void refused(int status, String body, String expectInError) {
        int before = allJobs().size();
        ApiTestSupport.Answer answer = api.post("/pods", body);
        assertEquals(status, answer.status(), body + " -> " + answer.body());
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        assertTrue(answer.text("error").contains(expectInError), "error should name \"" + expectInError + "\": " + answer.body());
        assertEquals(before, allJobs().size(), "nothing is created on a refused request: " + body);
    }

    @Test
    void aPvcThatDoesNotExistIsRefusedAndNothingIsCreated() {
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/a\"},"
                + "{\"pvc\":\"nope\",\"mount\":\"/b\"}]}", "vols[1].pvc");
    }

    @Test
    void aRelativeMountPathIsRefusedAndNothingIsCreated() {
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"data\"}]}",
                "vols[0].mount");
    }

    @Test
    void anotherTenantsPvcIsRefusedAndNothingIsCreated() {
        // archive exists, but in tenant-b's namespace only.
        assertNotNull(cluster.client().persistentVolumeClaims().inNamespace("tenant-b").withName("archive").get());
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[{\"pvc\":\"archive\",\"mount\":\"/x\"}]}",
                "vols[0].pvc");
    }

    @Test
    void noRequestFieldCanNameANamespace() {
        refused(400, "{\"tenant\":\"tenant-a\",\"namespace\":\"tenant-b\",\"cmd\":\"true\"}", "namespace");
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/x\",\"namespace\":\"tenant-b\"}]}",
                "vols[0].namespace");
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[{\"pvc\":\"tenant-b/archive\",\"mount\":\"/x\"}]}",
                "vols[0].pvc");
    }

    @Test
    void otherBadRequestsAreRefusedAndNothingIsCreated() {
        refused(400, "{\"tenant\":\"Tenant_A\",\"cmd\":\"true\"}", "tenant");
        refused(400, "{\"cmd\":\"true\"}", "tenant");
        refused(400, "{\"tenant\":5,\"cmd\":\"true\"}", "tenant must be a string");
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"  \"}", "cmd");
        refused(400, "{\"tenant\":\"tenant-a\"}", "cmd");
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"" + "x".repeat(4097) + "\"}", "cmd");
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/a/../etc\"}]}", "..");
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/a//b\"}]}", "normalised");
        refused(400, "{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/a\"},"
                + "{\"pvc\":\"results\",\"mount\":\"/a\"}]}", "vols[1].mount");
        StringBuilder many = new StringBuilder("{\"tenant\":\"tenant-a\",\"cmd\":\"true\",\"vols\":[");
        for (int i = 0; i < 9; i++) {
            many.append(i == 0 ? "" : ",").append("{\"pvc\":\"data\",\"mount\":\"/m").append(i).append("\"}");
        }
        refused(400, many.append("]}").toString(), "vols");
        refused(400, "[1,2]", "JSON object");
        refused(404, "{\"tenant\":\"tenant-zz\",\"cmd\":\"true\"}", "unknown tenant");
        ApiTestSupport.Answer noTenant = api.get("/pods");
        assertEquals(400, noTenant.status(), noTenant.body());
        assertTrue(noTenant.text("error").startsWith("tenant:"), noTenant.body());
        assertEquals(400, api.get("/pods?tenant=Bad_Id").status());
        assertEquals(404, api.get("/pods?tenant=tenant-zz").status());
    }

    @Test
    void aNamespaceThatIsNotLabelledAsTheTenantsIsNoTenant() {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("plain").endMetadata().build())
                .create();
        cluster.client().persistentVolumeClaims().inNamespace("tenant-a").list(); // the tenant namespaces stay as they are
        refused(404, "{\"tenant\":\"plain\",\"cmd\":\"true\"}", "unknown tenant");
        assertEquals(404, api.get("/pods?tenant=plain").status());
        // kube-system exists but is nobody's tenant namespace.
        refused(404, "{\"tenant\":\"kube-system\",\"cmd\":\"true\"}", "unknown tenant");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Done when: delete removes Job and pods

    @Test
    void deleteRemovesTheJobAndItsPods() {
        ApiTestSupport.Answer created = api.post("/pods",
                "{\"tenant\":\"tenant-a\",\"cmd\":\"sleep 1\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/work\"}]}");
        assertEquals(200, created.status(), created.body());
        String name = created.text("name");
        awaitListed("tenant-a", name, j -> j.get("pods").size() > 0);
        assertTrue(podsOf("tenant-a", name) > 0);

        // Another tenant cannot reach it.
        assertEquals(404, api.delete("/pods?tenant=tenant-b&name=" + name).status());
        assertNotNull(job("tenant-a", name));

        ApiTestSupport.Answer deleted = api.delete("/pods?tenant=tenant-a&name=" + name);
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(name, deleted.text("name"));
        assertEquals("tenant-a", deleted.text("namespace"));
        assertNull(job("tenant-a", name));
        Instant giveUp = Instant.now().plusSeconds(10);
        while (podsOf("tenant-a", name) > 0 && Instant.now().isBefore(giveUp)) {
            sleep(100);
        }
        assertEquals(0, podsOf("tenant-a", name), "the Job's pods go with it");
        assertNull(listed("tenant-a", name));

        ApiTestSupport.Answer again = api.delete("/pods?tenant=tenant-a&name=" + name);
        assertEquals(404, again.status(), again.body());
        assertTrue(again.text("error").contains(name));
        assertEquals(404, api.delete("/pods?tenant=tenant-a&name=job-tenant-a-0000000000").status());
        assertEquals(404, api.get("/pods?tenant=tenant-a&name=job-tenant-a-0000000000").status());
        ApiTestSupport.Answer nameless = api.delete("/pods?tenant=tenant-a");
        assertEquals(400, nameless.status());
        assertTrue(nameless.text("error").contains("query parameter name is required"), nameless.body());
    }

    @Test
    void deleteTakesTheTenantAndNameInAJsonBodyToo() {
        ApiTestSupport.Answer created = api.post("/pods", "{\"tenant\":\"tenant-a\",\"cmd\":\"sleep 1\"}");
        assertEquals(200, created.status(), created.body());
        String name = created.text("name");

        // Refused, and nothing deleted: an unknown field, a name that disagrees with the query, another tenant's job.
        assertEquals(400, api.delete("/pods", "{\"tenant\":\"tenant-a\",\"name\":\"" + name + "\",\"force\":true}").status());
        ApiTestSupport.Answer twice = api.delete("/pods?name=other", "{\"tenant\":\"tenant-a\",\"name\":\"" + name + "\"}");
        assertEquals(400, twice.status(), twice.body());
        assertTrue(twice.text("error").contains("give it once"), twice.body());
        assertEquals(404, api.delete("/pods", "{\"tenant\":\"tenant-b\",\"name\":\"" + name + "\"}").status());
        assertNotNull(job("tenant-a", name));

        ApiTestSupport.Answer deleted = api.delete("/pods", "{\"tenant\":\"tenant-a\",\"name\":\"" + name + "\"}");
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(name, deleted.text("name"));
        assertNull(job("tenant-a", name));
    }

    @Test
    void jobsDeckhandDidNotCreateAreNotTheTenantsToSeeOrDelete() {
        Job foreign = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata().withName("foreign")
                .withNamespace("tenant-a").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("c").withImage("busybox").endContainer().withRestartPolicy("Never")
                .endSpec().endTemplate().endSpec().build();
        cluster.client().batch().v1().jobs().inNamespace("tenant-a").resource(foreign).create();
        assertNull(listed("tenant-a", "foreign"));
        assertEquals(404, api.get("/pods?tenant=tenant-a&name=foreign").status());
        assertEquals(404, api.delete("/pods?tenant=tenant-a&name=foreign").status());
        assertNotNull(job("tenant-a", "foreign"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Templates

    @Test
    void aStoredTemplateIsValidatedAndUsedForTheTenantsNextJobs() {
        assertEquals("default", templates.get("tenant-b").text("source"));

        String privileged = """
                apiVersion: batch/v1
                kind: Job
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: main
                          image: alpine:3.20
                          args: ["sh", "-c", "{}"]
                          securityContext:
                            privileged: true
                """;
        assertRefusedTemplate(privileged, "spec.template.spec.containers[0].securityContext.privileged");
        assertRefusedTemplate(privileged.replace("privileged: true", "allowPrivilegeEscalation: true"),
                "allowPrivilegeEscalation");
        assertRefusedTemplate(privileged.replace("      restartPolicy: Never", "      restartPolicy: Never\n      hostNetwork: true"),
                "spec.template.spec.hostNetwork");
        assertRefusedTemplate(privileged.replace("      restartPolicy: Never", "      restartPolicy: Never\n      hostPID: true"),
                "spec.template.spec.hostPID");
        assertRefusedTemplate(privileged.replace("securityContext:\n            privileged: true",
                "volumeMounts: [{name: host, mountPath: /host}]") + "      volumes: [{name: host, hostPath: {path: /}}]\n",
                "spec.template.spec.volumes[0].hostPath");
        assertRefusedTemplate(privileged.replace("kind: Job", "kind: Pod"), "kind");
        assertRefusedTemplate("apiVersion: batch/v1\nkind: Job\nkind: Job\n", "Duplicate field 'kind'");
        assertEquals(0, cluster.client().genericKubernetesResources(TEMPLATES).inNamespace("deckhand").list().getItems().size(),
                "nothing is stored for a refused template");
        assertEquals("default", templates.get("tenant-b").text("source"));

        String good = privileged.replace("securityContext:\n            privileged: true", "env: [{name: MODE, value: demo}]");
        TemplateHttp.Answer stored = templates.put("tenant-b", good);
        assertEquals(200, stored.status(), stored.body());
        assertEquals("stored", stored.text("source"));
        assertEquals(1, cluster.client().genericKubernetesResources(TEMPLATES).inNamespace("deckhand").withLabel("deckhand.dev/tenant", "tenant-b")
                .list().getItems().size(), "stored as a JobTemplate resource in Deckhand's namespace");
        TemplateHttp.Answer read = templates.get("tenant-b");
        assertEquals("stored", read.text("source"));
        assertEquals("alpine:3.20", read.json().get("template").get("spec").get("template").get("spec").get("containers").get(0)
                .get("image").getStringValue());
        assertEquals("default", templates.get("tenant-a").text("source"), "another tenant keeps its own template");

        ApiTestSupport.Answer created = api.post("/pods", "{\"tenant\":\"tenant-b\",\"cmd\":\"echo from template\"}");
        assertEquals(200, created.status(), created.body());
        var container = job("tenant-b", created.text("name")).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("alpine:3.20", container.getImage());
        assertEquals(List.of("sh", "-c", "echo from template"), container.getArgs());
        assertEquals("MODE", container.getEnv().get(0).getName());
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());

        // Replacing it works too (the resource exists now).
        assertEquals(200, templates.put("tenant-b", good.replace("alpine:3.20", "alpine:3.21")).status());
        assertEquals("alpine:3.21", templates.get("tenant-b").json().get("template").get("spec").get("template").get("spec")
                .get("containers").get(0).get("image").getStringValue());

        assertEquals(404, templates.put("tenant-zz", good).status());
        assertEquals(400, templates.put("Bad_Id", good).status());
    }

    private void assertRefusedTemplate(String yaml, String expectInError) {
        TemplateHttp.Answer answer = templates.put("tenant-b", yaml);
        assertEquals(400, answer.status(), yaml + " -> " + answer.body());
        assertTrue(answer.text("error").contains(expectInError), "error should name " + expectInError + ": " + answer.body());
    }

}
