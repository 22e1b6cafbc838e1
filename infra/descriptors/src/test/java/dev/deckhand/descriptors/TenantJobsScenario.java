package dev.deckhand.descriptors;

import dev.deckhand.descriptors.Descriptors.Doc;
import dev.deckhand.sandbox.SandboxCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 003's tenant job routes for the functions' RBAC scenario, in a tenant namespace made from
 * {@code infra/k8s/tenant-namespace.template.yaml} as it stands (its name and labels), so the calls in it are checked
 * against the RoleBinding that template brings.
 */
final class TenantJobsScenario {

    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(job-[^\"]+)\"");

    private TenantJobsScenario() {
    }

    static void run(Http http, SandboxCluster cluster, Descriptors descriptors) {
        Doc template = descriptors.ofKind("v1", "Namespace").stream()
                .filter(d -> d.file().getFileName().toString().equals("tenant-namespace.template.yaml"))
                .findFirst().orElseThrow(() -> new AssertionError("no tenant-namespace.template.yaml"));
        String tenant = template.name();
        java.util.Map<String, String> labels = new java.util.TreeMap<>();
        template.labels().forEach((k, v) -> labels.put(k, String.valueOf(v)));
        // Set up with the sandbox's own client, which the recording leaves out.
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(tenant)
                .withLabels(labels).endMetadata().build()).create();
        cluster.client().persistentVolumeClaims().inNamespace(tenant).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();

        String job = "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
                + "\"containers\":[{\"name\":\"main\",\"image\":\"busybox:1.36\",\"args\":[\"sh\",\"-c\",\"{}\"]}]}}}}";
        http.expect(200, "PUT", "/pods/template", "/pods/template?tenant=" + tenant, job);
        http.expect(200, "PUT", "/pods/template", "/pods/template?tenant=" + tenant, job.replace("1.36", "1.37"));
        http.expect(200, "GET", "/pods/template", "/pods/template?tenant=" + tenant, null);
        String created = http.expect(200, "POST", "/pods", "/pods",
                "{\"tenant\":\"" + tenant + "\",\"cmd\":\"ls /data\",\"vols\":[{\"pvc\":\"data\",\"mount\":\"/data\"}]}");
        Matcher name = NAME.matcher(created);
        if (!name.find()) {
            throw new AssertionError("POST /pods answered no job name: " + created);
        }
        String listPath = "/pods?tenant=" + tenant;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!http.expect(200, "GET", "/pods", listPath, null).contains("\"phase\"")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tenant job got no pod in 30 s");
            }
            sleep();
        }
        // One job: its pods and the tail of its log.
        http.expect(200, "GET", "/pods", listPath + "&name=" + name.group(1), null);
        http.expect(200, "DELETE", "/pods", listPath + "&name=" + name.group(1), null);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
