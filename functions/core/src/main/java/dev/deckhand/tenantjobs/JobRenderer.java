package dev.deckhand.tenantjobs;

import dev.deckhand.cluster.DeckhandLabels;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: a validated template and a validated request become the Job to create. The Job is named
 * {@code job-{tenant}-{hash}}, placed in the tenant's namespace, labelled as Deckhand's and the tenant's (Job and
 * pods), the command replaces {@value JobTemplates#COMMAND} in the first container's args, each PVC is a volume
 * {@code vol-N} mounted into the first container, and every container gets the {@code restricted} Pod Security
 * profile whatever the template said: non-root, no privilege escalation, all capabilities dropped (but
 * NET_BIND_SERVICE when asked), RuntimeDefault seccomp, no service account token unless the template asks.
 */
public final class JobRenderer {

    static final String VOLUME_PREFIX = "vol-";
    public static final String APP = "deckhand-tenant-job";

    private JobRenderer() {
    }

    public static Map<String, String> labels(String tenant) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE);
        labels.put(DeckhandLabels.NAME, APP);
        labels.put(TenantNamespaces.TENANT_LABEL, tenant);
        return labels;
    }

    /** Equality selector of a tenant's Deckhand jobs and their pods. */
    public static String selector(String tenant) {
        return DeckhandLabels.MANAGED_BY + "=" + DeckhandLabels.MANAGED_BY_VALUE + "," + DeckhandLabels.NAME + "=" + APP
                + "," + TenantNamespaces.TENANT_LABEL + "=" + tenant;
    }

    public static V1Job render(V1Job template, ValidJobRequest request, TenantJobSettings settings) {
        V1Job job = JobTemplates.copy(template);
        job.apiVersion("batch/v1").kind("Job");
        V1ObjectMeta meta = job.getMetadata() == null ? new V1ObjectMeta() : job.getMetadata();
        meta.name(request.jobName()).namespace(request.namespace()).generateName(null).resourceVersion(null).uid(null);
        meta.labels(merged(meta.getLabels(), labels(request.tenant())));
        job.metadata(meta);

        V1JobSpec spec = job.getSpec();
        if (spec.getTtlSecondsAfterFinished() == null) {
            spec.ttlSecondsAfterFinished((int) settings.ttlAfterFinished().toSeconds());
        }
        spec.selector(null).manualSelector(null);
        V1PodTemplateSpec podTemplate = spec.getTemplate();
        V1ObjectMeta podMeta = podTemplate.getMetadata() == null ? new V1ObjectMeta() : podTemplate.getMetadata();
        podMeta.labels(merged(podMeta.getLabels(), labels(request.tenant())));
        podTemplate.metadata(podMeta);

        V1PodSpec pod = podTemplate.getSpec();
        if (pod.getRestartPolicy() == null) {
            pod.restartPolicy("Never");
        }
        if (pod.getAutomountServiceAccountToken() == null) {
            pod.automountServiceAccountToken(false);
        }
        pod.hostNetwork(null).hostPID(null).hostIPC(null);

        V1Container main = pod.getContainers().get(0);
        main.args(JobTemplates.placeCommand(main.getArgs(), request.cmd()));
        List<V1Volume> volumes = new ArrayList<>(pod.getVolumes() == null ? List.of() : pod.getVolumes());
        List<V1VolumeMount> mounts = new ArrayList<>(main.getVolumeMounts() == null ? List.of() : main.getVolumeMounts());
        for (int i = 0; i < request.vols().size(); i++) {
            TenantJobRequest.Volume vol = request.vols().get(i);
            for (V1VolumeMount taken : mounts) {
                if (vol.mount().equals(taken.getMountPath())) {
                    throw new TenantJobValidationException("vols[" + i + "].mount",
                            "the tenant's job template already mounts something at " + vol.mount());
                }
            }
            String name = VOLUME_PREFIX + i;
            volumes.add(new V1Volume().name(name).persistentVolumeClaim(
                    new V1PersistentVolumeClaimVolumeSource().claimName(vol.pvc())));
            mounts.add(new V1VolumeMount().name(name).mountPath(vol.mount()));
        }
        pod.volumes(volumes);
        main.volumeMounts(mounts);

        V1PodSecurityContext podSecurity = pod.getSecurityContext() == null ? new V1PodSecurityContext() : pod.getSecurityContext();
        podSecurity.runAsNonRoot(true).seccompProfile(new V1SeccompProfile().type("RuntimeDefault"));
        boolean userNamed = podSecurity.getRunAsUser() != null || pod.getContainers().stream()
                .allMatch(c -> c.getSecurityContext() != null && c.getSecurityContext().getRunAsUser() != null);
        if (!userNamed) {
            podSecurity.runAsUser(settings.runAsUser());
            if (podSecurity.getRunAsGroup() == null) {
                podSecurity.runAsGroup(settings.runAsUser());
            }
            if (podSecurity.getFsGroup() == null) {
                podSecurity.fsGroup(settings.runAsUser());
            }
        }
        pod.securityContext(podSecurity);
        restrict(pod.getContainers());
        restrict(pod.getInitContainers());
        return job;
    }

    private static void restrict(List<V1Container> containers) {
        if (containers == null) {
            return;
        }
        for (V1Container c : containers) {
            V1SecurityContext sc = c.getSecurityContext() == null ? new V1SecurityContext() : c.getSecurityContext();
            List<String> add = sc.getCapabilities() == null || sc.getCapabilities().getAdd() == null ? null
                    : sc.getCapabilities().getAdd().stream().filter("NET_BIND_SERVICE"::equals).distinct().toList();
            sc.privileged(false)
                    .allowPrivilegeEscalation(false)
                    .runAsNonRoot(true)
                    .capabilities(new V1Capabilities().drop(List.of("ALL")).add(add == null || add.isEmpty() ? null : add))
                    .seccompProfile(new V1SeccompProfile().type("RuntimeDefault"));
            c.securityContext(sc);
        }
    }

    private static Map<String, String> merged(Map<String, String> theirs, Map<String, String> ours) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (theirs != null) {
            labels.putAll(theirs);
        }
        labels.putAll(ours);
        return labels;
    }
}
