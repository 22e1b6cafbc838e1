package dev.deckhand.tenantjobs;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PodSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Template validation and rendering on plain objects. */
class JobTemplatesTest {

    private static final TenantJobSettings SETTINGS = TenantJobSettings.defaults();

    private static final String BASE = """
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
            """;

    private static String refused(String yaml) {
        return assertThrows(TenantJobValidationException.class, () -> JobTemplates.parse(yaml)).getMessage();
    }

    private static String withContainerLines(String lines) {
        return BASE + lines.indent(10);
    }

    private static String withPodLines(String lines) {
        return BASE.replace("      restartPolicy: Never\n", "      restartPolicy: Never\n" + lines.indent(6));
    }

    @Test
    void seedsPodTemplateWithLowerCaseKindIsAccepted() {
        String seed = "{\"apiVersion\":\"batch/v1\",\"kind\":\"job\",\"metadata\":{\"name\":\"job-{}-{}\"},\"spec\":{"
                + "\"ttlSecondsAfterFinished\":0,\"template\":{\"spec\":{\"containers\":[{\"name\":\"copy\","
                + "\"image\":\"busybox:1.28.4\",\"imagePullPolicy\":\"IfNotPresent\",\"args\":[\"/bin/sh\",\"-c\",\"{}\"],"
                + "\"volumeMounts\":[]}],\"restartPolicy\":\"Never\",\"volumes\":[]}}}}";
        V1Job job = JobTemplates.parse(seed);
        assertEquals("Job", job.getKind());
        assertEquals(0, job.getSpec().getTtlSecondsAfterFinished());
    }

    @Test
    void forbiddenThingsAreRefusedWithTheirFieldPath() {
        assertTrue(refused(withContainerLines("securityContext: {privileged: true}"))
                .startsWith("spec.template.spec.containers[0].securityContext.privileged:"));
        assertTrue(refused(withContainerLines("securityContext: {allowPrivilegeEscalation: true}"))
                .startsWith("spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation:"));
        assertTrue(refused(withContainerLines("securityContext: {capabilities: {add: [SYS_ADMIN]}}"))
                .contains("capabilities.add"));
        assertTrue(refused(withContainerLines("securityContext: {runAsUser: 0}")).contains("runAsUser"));
        assertTrue(refused(withContainerLines("ports: [{containerPort: 80, hostPort: 80}]")).contains("ports[0].hostPort"));
        assertTrue(refused(withPodLines("hostNetwork: true")).startsWith("spec.template.spec.hostNetwork:"));
        assertTrue(refused(withPodLines("hostPID: true")).startsWith("spec.template.spec.hostPID:"));
        assertTrue(refused(withPodLines("hostIPC: true")).startsWith("spec.template.spec.hostIPC:"));
        assertTrue(refused(withPodLines("volumes: [{name: h, hostPath: {path: /}}]"))
                .startsWith("spec.template.spec.volumes[0].hostPath:"));
        assertTrue(refused(withPodLines("volumes: [{name: p, persistentVolumeClaim: {claimName: other}}]"))
                .contains("volumes[0].persistentVolumeClaim"));
        assertTrue(refused(withPodLines("volumes: [{name: n, nfs: {server: nfs.other-tenant, path: /}}]"))
                .startsWith("spec.template.spec.volumes[0].nfs:"));
        assertTrue(refused(withPodLines("securityContext: {sysctls: [{name: kernel.shm_rmid_forced, value: '1'}]}"))
                .contains("securityContext.sysctls"));
        assertTrue(refused(withContainerLines("securityContext: {seccompProfile: {type: Unconfined}}"))
                .contains("seccompProfile"));
        assertTrue(refused(withPodLines("securityContext: {runAsNonRoot: false}")).contains("securityContext.runAsNonRoot"));
        assertTrue(refused(withPodLines("initContainers: [{name: i, image: x, securityContext: {privileged: true}}]"))
                .startsWith("spec.template.spec.initContainers[0].securityContext.privileged:"));
        assertTrue(refused(BASE.replace("kind: Job", "kind: Deployment")).startsWith("kind:"));
        assertTrue(refused(BASE.replace("batch/v1", "apps/v1")).startsWith("apiVersion:"));
        assertTrue(refused(BASE.replace("apiVersion: batch/v1\n", "apiVersion: batch/v1\nmetadata: {namespace: kube-system}\n"))
                .startsWith("metadata.namespace:"));
        assertTrue(refused(BASE.replace("\"{}\"", "\"echo\"")).contains("containers[0].args"));
        assertTrue(refused(BASE.replace("image: alpine", "imagge: alpine")).contains("imagge"));
    }

    @Test
    void renderingPlacesTheCommandMountsThePvcsAndRestrictsEverything() {
        V1Job template = JobTemplates.parse(withContainerLines("securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}"));
        ValidJobRequest request = TenantJobValidation.validate(new TenantJobRequest("tenant-a", "echo hi > /out/x",
                List.of(new TenantJobRequest.Volume("results", "/out"))), SETTINGS);
        V1Job job = JobRenderer.render(template, request, SETTINGS);

        assertEquals(request.jobName(), job.getMetadata().getName());
        assertEquals("tenant-a", job.getMetadata().getNamespace());
        assertEquals("deckhand", job.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals("tenant-a", job.getMetadata().getLabels().get("deckhand.dev/tenant"));
        assertEquals("tenant-a", job.getSpec().getTemplate().getMetadata().getLabels().get("deckhand.dev/tenant"));
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        V1PodSpec pod = job.getSpec().getTemplate().getSpec();
        V1Container main = pod.getContainers().get(0);
        assertEquals(List.of("sh", "-c", "echo hi > /out/x"), main.getArgs());
        assertEquals("results", pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
        assertEquals("/out", main.getVolumeMounts().get(0).getMountPath());
        assertEquals(pod.getVolumes().get(0).getName(), main.getVolumeMounts().get(0).getName());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(65534L, pod.getSecurityContext().getRunAsUser());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertFalse(main.getSecurityContext().getAllowPrivilegeEscalation());
        assertFalse(main.getSecurityContext().getPrivileged());
        assertEquals(List.of("ALL"), main.getSecurityContext().getCapabilities().getDrop());
        assertEquals(List.of("NET_BIND_SERVICE"), main.getSecurityContext().getCapabilities().getAdd());
        assertFalse(pod.getAutomountServiceAccountToken());
        // The template is untouched.
        assertEquals(List.of("sh", "-c", "{}"), template.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        var untouched = template.getSpec().getTemplate().getSpec().getVolumes();
        assertTrue(untouched == null || untouched.isEmpty(), String.valueOf(untouched));
    }

    @Test
    void volumesTheRestrictedProfileAdmitsAreAccepted() {
        V1Job job = JobTemplates.parse(withContainerLines("volumeMounts: [{name: scratch, mountPath: /tmp}]")
                + "      volumes: [{name: scratch, emptyDir: {}}, {name: cfg, configMap: {name: settings}}]\n");
        assertEquals(2, job.getSpec().getTemplate().getSpec().getVolumes().size());
        // Stored as JSON without the empty lists the client's models fill in, but with the empty emptyDir.
        String stored = JobTemplates.toJson(job);
        assertTrue(stored.contains("\"emptyDir\":{}"), stored);
        assertFalse(stored.contains("[]"), stored);
        assertEquals(stored, JobTemplates.toJson(JobTemplates.parse(stored)));
    }

    @Test
    void aTemplatesOwnUserAndTtlAreKept() {
        V1Job template = JobTemplates.parse(withPodLines("securityContext: {runAsUser: 1000}")
                .replace("spec:\n  template:", "spec:\n  ttlSecondsAfterFinished: 60\n  template:"));
        ValidJobRequest request = TenantJobValidation.validate(new TenantJobRequest("tenant-a", "true", null), SETTINGS);
        V1Job job = JobRenderer.render(template, request, SETTINGS);
        assertEquals(1000L, job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser());
        assertEquals(60, job.getSpec().getTtlSecondsAfterFinished());
    }

    @Test
    void aMountWhereTheTemplateAlreadyMountsIsRefused() {
        V1Job template = JobTemplates.parse(withContainerLines("volumeMounts: [{name: scratch, mountPath: /tmp}]")
                + "      volumes: [{name: scratch, emptyDir: {}}]\n");
        ValidJobRequest request = TenantJobValidation.validate(new TenantJobRequest("tenant-a", "true",
                List.of(new TenantJobRequest.Volume("data", "/tmp"))), SETTINGS);
        var e = assertThrows(TenantJobValidationException.class, () -> JobRenderer.render(template, request, SETTINGS));
        assertEquals("vols[0].mount", e.field());
    }

    @Test
    void theBuiltInDefaultIsSeedsBusyboxJobAndValid() {
        V1Job builtIn = JobTemplates.validate(JobTemplates.builtIn(SETTINGS));
        V1Container c = builtIn.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("busybox:1.28.4", c.getImage());
        assertEquals(List.of("/bin/sh", "-c", "{}"), c.getArgs());
        assertEquals("Never", builtIn.getSpec().getTemplate().getSpec().getRestartPolicy());
    }

    @Test
    void anUnreachableTenantServiceIsReportedAsUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TenantServiceTemplates service = new TenantServiceTemplates(SETTINGS.withTenantServiceUrl("http://127.0.0.1:" + port + "/t"));
        var e = assertThrows(TenantServiceException.class, () -> service.template("tenant-a"));
        assertTrue(e.unreachable());
    }
}
