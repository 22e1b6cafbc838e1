package dev.deckhand.tenantjobs;

import dev.deckhand.cluster.KubernetesJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.yaml.StrictYaml;
import dev.deckhand.yaml.YamlDocumentException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EphemeralContainer;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Job templates: the built-in default (seed 003's busybox copy job), and parsing and validation of a tenant's own.
 * A template is a {@code batch/v1} Job whose first container's {@code args} hold the placeholder {@value #COMMAND}
 * where the request's {@code cmd} goes (seed 003's {@code podTemplate}). Refused (400 with the field path): another
 * kind, a namespace, privileged containers, privilege escalation, added capabilities other than
 * {@code NET_BIND_SERVICE}, running as root, Unconfined seccomp or AppArmor, sysctls, host processes, host namespaces
 * ({@code hostNetwork}, {@code hostPID}, {@code hostIPC}), host ports, volume sources the {@code restricted} profile
 * does not admit ({@code hostPath}, {@code nfs}, ...), PVC volumes (PVCs come from the request only) and ephemeral
 * containers.
 */
public final class JobTemplates {

    /** The element of the container's {@code args} the command replaces. */
    public static final String COMMAND = "{}";
    private static final Set<String> ALLOWED_CAPABILITIES = Set.of("NET_BIND_SERVICE");
    /**
     * Volume sources the {@code restricted} Pod Security Standard admits, but PVCs (which come from the request): no
     * nfs, iscsi, cephfs and the like, which could reach storage outside the tenant's.
     */
    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "projected", "secret", "persistentVolumeClaim");

    private JobTemplates() {
    }

    /** Seed 003's podTemplate: busybox, {@code /bin/sh -c CMD}, restartPolicy Never, no volumes of its own. */
    public static V1Job builtIn(TenantJobSettings settings) {
        return new V1Job().apiVersion("batch/v1").kind("Job")
                .metadata(new V1ObjectMeta().name("job-{}-{}"))
                .spec(new V1JobSpec()
                        .backoffLimit(0)
                        .template(new V1PodTemplateSpec().spec(new V1PodSpec()
                                .restartPolicy("Never")
                                .containers(List.of(new V1Container()
                                        .name("copy")
                                        .image(settings.defaultImage())
                                        .imagePullPolicy("IfNotPresent")
                                        .args(List.of("/bin/sh", "-c", COMMAND)))))));
    }

    /** Parses a template written as YAML or JSON and validates it. */
    public static V1Job parse(String text) {
        JsonNode tree;
        try {
            tree = StrictYaml.read(text, JsonNode.class);
        } catch (YamlDocumentException e) {
            throw new TenantJobValidationException("template", e.getMessage());
        }
        if (!tree.isObject()) {
            throw new TenantJobValidationException("template", "a template must be a Job object");
        }
        return fromTree((ObjectNode) tree);
    }

    /** A template given as a JSON object (the tenant service's, a stored one); validated. */
    public static V1Job fromTree(ObjectNode tree) {
        JsonNode kind = tree.get("kind");
        // Seed 003's podTemplate writes "kind": "job".
        if (kind == null || !kind.isTextual() || !kind.asText().equalsIgnoreCase("Job")) {
            throw new TenantJobValidationException("kind", "a template must be a Job (kind: Job), got "
                    + (kind == null ? "no kind" : kind.toString()));
        }
        JsonNode apiVersion = tree.get("apiVersion");
        if (apiVersion == null || !"batch/v1".equals(apiVersion.asText())) {
            throw new TenantJobValidationException("apiVersion", "a template must be apiVersion batch/v1, got "
                    + (apiVersion == null ? "none" : apiVersion.toString()));
        }
        ObjectNode copy = tree.deepCopy();
        copy.put("kind", "Job");
        V1Job job;
        try {
            job = JSON.deserialize(copy.toString(), V1Job.class);
        } catch (RuntimeException e) {
            throw new TenantJobValidationException("template", "not a valid Job: " + e.getMessage());
        }
        validate(job);
        return job;
    }

    /** The Job as JSON, without the empty lists and maps the client's models fill in (see {@link KubernetesJson}). */
    public static String toJson(V1Job job) {
        return KubernetesJson.compact(job);
    }

    /** A deep copy (rendering must not touch a shared template). */
    static V1Job copy(V1Job job) {
        return JSON.deserialize(JSON.serialize(job), V1Job.class);
    }

    /** Checks the rules above; returns the job. */
    public static V1Job validate(V1Job job) {
        if (job.getMetadata() != null && job.getMetadata().getNamespace() != null) {
            throw new TenantJobValidationException("metadata.namespace",
                    "a template cannot name a namespace: a job always runs in its tenant's namespace");
        }
        if (job.getSpec() == null || job.getSpec().getTemplate() == null || job.getSpec().getTemplate().getSpec() == null) {
            throw new TenantJobValidationException("spec.template.spec", "a template needs a pod spec");
        }
        String at = "spec.template.spec";
        V1PodSpec pod = job.getSpec().getTemplate().getSpec();
        if (Boolean.TRUE.equals(pod.getHostNetwork())) {
            throw new TenantJobValidationException(at + ".hostNetwork", "host namespaces are not allowed");
        }
        if (Boolean.TRUE.equals(pod.getHostPID())) {
            throw new TenantJobValidationException(at + ".hostPID", "host namespaces are not allowed");
        }
        if (Boolean.TRUE.equals(pod.getHostIPC())) {
            throw new TenantJobValidationException(at + ".hostIPC", "host namespaces are not allowed");
        }
        if (pod.getRestartPolicy() != null && !Set.of("Never", "OnFailure").contains(pod.getRestartPolicy())) {
            throw new TenantJobValidationException(at + ".restartPolicy", "a Job's restartPolicy must be Never or OnFailure");
        }
        podSecurity(pod.getSecurityContext(), at + ".securityContext");
        List<V1Volume> volumes = pod.getVolumes() == null ? List.of() : pod.getVolumes();
        for (int i = 0; i < volumes.size(); i++) {
            V1Volume v = volumes.get(i);
            if (v.getHostPath() != null) {
                throw new TenantJobValidationException(at + ".volumes[" + i + "].hostPath", "hostPath volumes are not allowed");
            }
            String kind = volumeKind(v);
            if (!ALLOWED_VOLUMES.contains(kind)) {
                throw new TenantJobValidationException(at + ".volumes[" + i + "]." + kind, kind
                        + " volumes are not allowed (the restricted profile's: " + String.join(", ", ALLOWED_VOLUMES.stream().sorted().toList()) + ")");
            }
            if (v.getPersistentVolumeClaim() != null) {
                throw new TenantJobValidationException(at + ".volumes[" + i + "].persistentVolumeClaim",
                        "a template mounts no PVC: PVCs come from the request's vols");
            }
            if (v.getName() != null && v.getName().startsWith(JobRenderer.VOLUME_PREFIX)) {
                throw new TenantJobValidationException(at + ".volumes[" + i + "].name",
                        "volume names starting with " + JobRenderer.VOLUME_PREFIX + " are Deckhand's");
            }
        }
        List<V1Container> containers = pod.getContainers() == null ? List.of() : pod.getContainers();
        if (containers.isEmpty()) {
            throw new TenantJobValidationException(at + ".containers", "a template needs a container");
        }
        containers(containers, at + ".containers");
        containers(pod.getInitContainers() == null ? List.of() : pod.getInitContainers(), at + ".initContainers");
        List<V1EphemeralContainer> ephemeral = pod.getEphemeralContainers() == null ? List.of() : pod.getEphemeralContainers();
        if (!ephemeral.isEmpty()) {
            throw new TenantJobValidationException(at + ".ephemeralContainers", "ephemeral containers are not allowed");
        }
        List<String> args = containers.get(0).getArgs() == null ? List.of() : containers.get(0).getArgs();
        if (args.stream().filter(COMMAND::equals).count() != 1) {
            throw new TenantJobValidationException(at + ".containers[0].args",
                    "the first container's args must hold the element \"" + COMMAND + "\" exactly once: the command goes there");
        }
        return job;
    }

    private static void containers(List<V1Container> containers, String at) {
        for (int i = 0; i < containers.size(); i++) {
            V1Container c = containers.get(i);
            String here = at + "[" + i + "]";
            containerSecurity(c.getSecurityContext(), here + ".securityContext");
            List<V1ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
            for (int p = 0; p < ports.size(); p++) {
                if (ports.get(p).getHostPort() != null && ports.get(p).getHostPort() != 0) {
                    throw new TenantJobValidationException(here + ".ports[" + p + "].hostPort", "host ports are not allowed");
                }
            }
        }
    }

    private static void containerSecurity(V1SecurityContext sc, String at) {
        if (sc == null) {
            return;
        }
        if (sc.getWindowsOptions() != null && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
            throw new TenantJobValidationException(at + ".windowsOptions.hostProcess", "host processes are not allowed");
        }
        if (sc.getAppArmorProfile() != null && "Unconfined".equals(sc.getAppArmorProfile().getType())) {
            throw new TenantJobValidationException(at + ".appArmorProfile", "an Unconfined AppArmor profile is not allowed");
        }
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
            throw new TenantJobValidationException(at + ".privileged", "privileged containers are not allowed");
        }
        if (Boolean.TRUE.equals(sc.getAllowPrivilegeEscalation())) {
            throw new TenantJobValidationException(at + ".allowPrivilegeEscalation", "privilege escalation is not allowed");
        }
        if (sc.getProcMount() != null && !"Default".equals(sc.getProcMount())) {
            throw new TenantJobValidationException(at + ".procMount", "only the Default proc mount is allowed");
        }
        V1Capabilities caps = sc.getCapabilities();
        if (caps != null && caps.getAdd() != null) {
            for (String cap : caps.getAdd()) {
                if (!ALLOWED_CAPABILITIES.contains(cap)) {
                    throw new TenantJobValidationException(at + ".capabilities.add",
                            "adding capability " + cap + " is not allowed (only NET_BIND_SERVICE)");
                }
            }
        }
        if (Boolean.FALSE.equals(sc.getRunAsNonRoot())) {
            throw new TenantJobValidationException(at + ".runAsNonRoot", "running as root is not allowed");
        }
        if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
            throw new TenantJobValidationException(at + ".runAsUser", "running as root (uid 0) is not allowed");
        }
        if (sc.getSeccompProfile() != null && "Unconfined".equals(sc.getSeccompProfile().getType())) {
            throw new TenantJobValidationException(at + ".seccompProfile", "an Unconfined seccomp profile is not allowed");
        }
    }

    private static void podSecurity(V1PodSecurityContext sc, String at) {
        if (sc == null) {
            return;
        }
        if (sc.getSysctls() != null && !sc.getSysctls().isEmpty()) {
            throw new TenantJobValidationException(at + ".sysctls", "sysctls are not allowed");
        }
        if (sc.getWindowsOptions() != null && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
            throw new TenantJobValidationException(at + ".windowsOptions.hostProcess", "host processes are not allowed");
        }
        if (sc.getAppArmorProfile() != null && "Unconfined".equals(sc.getAppArmorProfile().getType())) {
            throw new TenantJobValidationException(at + ".appArmorProfile", "an Unconfined AppArmor profile is not allowed");
        }
        if (Boolean.FALSE.equals(sc.getRunAsNonRoot())) {
            throw new TenantJobValidationException(at + ".runAsNonRoot", "running as root is not allowed");
        }
        if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
            throw new TenantJobValidationException(at + ".runAsUser", "running as root (uid 0) is not allowed");
        }
        if (sc.getSeccompProfile() != null && "Unconfined".equals(sc.getSeccompProfile().getType())) {
            throw new TenantJobValidationException(at + ".seccompProfile", "an Unconfined seccomp profile is not allowed");
        }
    }

    /** The volume's source, as its JSON field name ({@code emptyDir}, {@code nfs}, ...). */
    private static String volumeKind(V1Volume volume) {
        com.google.gson.JsonObject tree = JSON.getGson().toJsonTree(volume).getAsJsonObject();
        return tree.keySet().stream().filter(k -> !k.equals("name")).findFirst().orElse("(no source)");
    }

    static List<String> placeCommand(List<String> args, String cmd) {
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            out.add(COMMAND.equals(a) ? cmd : a);
        }
        return out;
    }
}
