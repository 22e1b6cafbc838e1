package dev.deckhand.apps;

import dev.deckhand.cluster.DeckhandLabels;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStrategy;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimSpec;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1Sysctl;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeResourceRequirements;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure: a validated service document to the Kubernetes objects that run it, in the configured namespace. Every object
 * carries the service's labels ({@link #selector}) and the hash of its own rendered form, so a deploy can tell an
 * unchanged object from a changed one without comparing fields the API server fills in.
 *
 * <p>Sandboxing applied to every pod, whatever the document says (it cannot say otherwise: the spec has no such
 * fields): non-root ({@code runAsNonRoot}), no privilege escalation, every capability dropped, the RuntimeDefault
 * seccomp profile, no service-account token, no service links; so the pods pass the {@code restricted} Pod Security
 * Standard. The safe sysctl {@code net.ipv4.ip_unprivileged_port_start=0} lets a non-root process listen on ports
 * below 1024 (80, 443). PVCs are ReadWriteOnce, so a Deployment that mounts one is rolled out with Recreate: a
 * RollingUpdate could start the new pod on another node while the old one holds the volume (Multi-Attach error).
 */
public final class AppRenderer {

    public static final String SERVICE_ID = "deckhand.dev/service-id";
    public static final String VOLUME = "deckhand.dev/volume";
    public static final String SERVICE_NAME_ANNOTATION = "deckhand.dev/service-name";
    /** Group of the volumes' files, so a non-root process can write to a fresh volume. */
    static final long VOLUME_GROUP = 65532L;

    private final AppSettings settings;
    private final Map<String, String> gpus;

    public AppRenderer(AppSettings settings) {
        this.settings = settings;
        this.gpus = settings.gpuResourceMap();
    }

    /** Labels every object of service {@code id} carries; as a selector they find them all. */
    public static Map<String, String> labels(String id) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE);
        labels.put(SERVICE_ID, id);
        return labels;
    }

    /** Equality label selector of everything service {@code id} owns. */
    public static String selector(String id) {
        return DeckhandLabels.MANAGED_BY + "=" + DeckhandLabels.MANAGED_BY_VALUE + "," + SERVICE_ID + "=" + id;
    }

    public RenderedApp render(ValidApp service) {
        String id = service.id();
        AppSpec spec = service.spec();
        List<V1PersistentVolumeClaim> claims = new ArrayList<>();
        for (AppSpec.Volume volume : volumes(spec)) {
            claims.add(hashed(claim(id, volume)));
        }
        V1Deployment deployment = hashed(deployment(service));
        Integer exposed = AppValidation.exposedPort(service);
        V1Service k8sService = exposed == null ? null : hashed(service(service, exposed));
        return new RenderedApp(id, claims, deployment, k8sService);
    }

    private V1PersistentVolumeClaim claim(String id, AppSpec.Volume volume) {
        Map<String, String> labels = labels(id);
        labels.put(VOLUME, volume.name());
        Map<String, Quantity> storage = new TreeMap<>();
        storage.put("storage", Quantity.fromString(volume.size()));
        V1PersistentVolumeClaimSpec claimSpec = new V1PersistentVolumeClaimSpec()
                .accessModes(List.of("ReadWriteOnce"))
                .resources(new V1VolumeResourceRequirements().requests(storage));
        if (settings.storageClass() != null && !settings.storageClass().isBlank()) {
            claimSpec.storageClassName(settings.storageClass());
        }
        return new V1PersistentVolumeClaim().apiVersion("v1").kind("PersistentVolumeClaim")
                .metadata(meta(AppIds.claimName(id, volume.name()), labels, null))
                .spec(claimSpec);
    }

    private V1Deployment deployment(ValidApp service) {
        String id = service.id();
        AppSpec spec = service.spec();
        List<V1Container> containers = new ArrayList<>();
        boolean mountsVolume = false;
        for (AppSpec.Container c : spec.containers()) {
            containers.add(container(id, c));
            mountsVolume |= c.volumeMounts() != null && !c.volumeMounts().isEmpty();
        }
        List<V1Volume> volumes = new ArrayList<>();
        for (AppSpec.Volume volume : volumes(spec)) {
            volumes.add(new V1Volume().name(volume.name()).persistentVolumeClaim(
                    new V1PersistentVolumeClaimVolumeSource().claimName(AppIds.claimName(id, volume.name()))));
        }
        V1PodSecurityContext podSecurity = new V1PodSecurityContext()
                .runAsNonRoot(true)
                .seccompProfile(new V1SeccompProfile().type("RuntimeDefault"))
                .sysctls(List.of(new V1Sysctl().name("net.ipv4.ip_unprivileged_port_start").value("0")));
        if (!volumes.isEmpty()) {
            podSecurity.fsGroup(VOLUME_GROUP).fsGroupChangePolicy("OnRootMismatch");
        }
        V1PodSpec podSpec = new V1PodSpec()
                .containers(containers)
                .volumes(volumes.isEmpty() ? null : volumes)
                .securityContext(podSecurity)
                .automountServiceAccountToken(false)
                .enableServiceLinks(false);
        Map<String, String> selector = labels(id);
        V1DeploymentSpec deploymentSpec = new V1DeploymentSpec()
                .replicas(spec.replicas() == null ? 1 : spec.replicas())
                .selector(new V1LabelSelector().matchLabels(selector))
                .strategy(new V1DeploymentStrategy().type(mountsVolume ? "Recreate" : "RollingUpdate"))
                .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels(id))).spec(podSpec));
        return new V1Deployment().apiVersion("apps/v1").kind("Deployment")
                .metadata(meta(AppIds.objectName(id), labels(id), service.document().name()))
                .spec(deploymentSpec);
    }

    private V1Container container(String id, AppSpec.Container c) {
        V1Container container = new V1Container().name(c.name()).image(c.image());
        if (c.ports() != null && !c.ports().isEmpty()) {
            container.ports(c.ports().stream().map(p -> new V1ContainerPort().name(p.name()).containerPort(p.port())
                    .protocol("TCP")).toList());
        }
        if (c.env() != null && !c.env().isEmpty()) {
            container.env(c.env().stream().map(e -> new V1EnvVar().name(e.name()).value(e.value())).toList());
        }
        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        if (c.resources() != null) {
            put(requests, c.resources().requests());
            put(limits, c.resources().limits());
        }
        if (c.gpu() != null) {
            // Extended resources are limits only (a request, if any, must equal the limit).
            limits.put(gpus.get(c.gpu()), new Quantity("1"));
        }
        if (!requests.isEmpty() || !limits.isEmpty()) {
            container.resources(new V1ResourceRequirements().requests(requests.isEmpty() ? null : requests)
                    .limits(limits.isEmpty() ? null : limits));
        }
        if (c.volumeMounts() != null && !c.volumeMounts().isEmpty()) {
            container.volumeMounts(c.volumeMounts().stream().map(m -> new V1VolumeMount().name(m.name())
                    .mountPath(m.mountPath()).readOnly(Boolean.TRUE.equals(m.readOnly()) ? true : null)).toList());
        }
        AppSpec.Probe probe = c.readinessProbe();
        if (probe != null) {
            container.readinessProbe(new V1Probe()
                    .httpGet(new V1HTTPGetAction().path(probe.path()).port(new IntOrString(probe.port())))
                    .initialDelaySeconds(probe.initialDelaySeconds())
                    .periodSeconds(probe.periodSeconds()));
        }
        container.securityContext(new V1SecurityContext()
                .allowPrivilegeEscalation(false)
                .privileged(false)
                .runAsNonRoot(true)
                .capabilities(new V1Capabilities().drop(List.of("ALL")))
                .seccompProfile(new V1SeccompProfile().type("RuntimeDefault")));
        return container;
    }

    private V1Service service(ValidApp service, int port) {
        String id = service.id();
        String portName = service.spec().containers().stream()
                .filter(c -> c.name().equals(service.document().exposedService()))
                .flatMap(c -> c.ports().stream()).filter(p -> p.port() == port).findFirst().orElseThrow().name();
        return new V1Service().apiVersion("v1").kind("Service")
                .metadata(meta(AppIds.objectName(id), labels(id), service.document().name()))
                .spec(new V1ServiceSpec().type("ClusterIP").selector(labels(id))
                        .ports(List.of(new V1ServicePort().name(portName).protocol("TCP").port(port)
                                .targetPort(new IntOrString(port)))));
    }

    private static void put(Map<String, Quantity> into, AppSpec.Amounts amounts) {
        if (amounts == null) {
            return;
        }
        if (amounts.cpu() != null) {
            into.put("cpu", Quantity.fromString(amounts.cpu()));
        }
        if (amounts.memory() != null) {
            into.put("memory", Quantity.fromString(amounts.memory()));
        }
    }

    private V1ObjectMeta meta(String name, Map<String, String> labels, String displayName) {
        Map<String, String> annotations = new TreeMap<>();
        if (displayName != null && !displayName.isBlank()) {
            annotations.put(SERVICE_NAME_ANNOTATION, displayName);
        }
        return new V1ObjectMeta().name(name).namespace(settings.namespace()).labels(labels).annotations(annotations);
    }

    private static List<AppSpec.Volume> volumes(AppSpec spec) {
        return spec.volumes() == null ? List.of() : spec.volumes();
    }

    /** Puts the hash of the object as rendered (without the hash annotation) into its annotations. */
    private static <T> T hashed(T object) {
        String hash = sha256(JSON.getGson().toJson(object)).substring(0, 16);
        V1ObjectMeta meta = metadata(object);
        meta.putAnnotationsItem(DeckhandLabels.SPEC_HASH_ANNOTATION, hash);
        return object;
    }

    static String hashOf(V1ObjectMeta meta) {
        return meta.getAnnotations().get(DeckhandLabels.SPEC_HASH_ANNOTATION);
    }

    private static V1ObjectMeta metadata(Object object) {
        if (object instanceof V1Deployment d) {
            return d.getMetadata();
        }
        if (object instanceof V1Service s) {
            return s.getMetadata();
        }
        return ((V1PersistentVolumeClaim) object).getMetadata();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
