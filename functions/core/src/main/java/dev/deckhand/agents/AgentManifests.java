package dev.deckhand.agents;

import dev.deckhand.agent.api.AgentPaths;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import dev.deckhand.cluster.DeckhandLabels;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1DeploymentStrategy;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1HostPathVolumeSource;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1NodeAffinity;
import io.kubernetes.client.openapi.models.V1NodeSelector;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import jakarta.inject.Singleton;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a node's agent Deployment and Service. The Deployment is scheduled the way the DaemonSet
 * controller schedules its pods: pinned with a required node affinity on {@code metadata.name} and
 * tolerating every taint, so tainted and control-plane nodes get their agent too.
 */
@Singleton
public class AgentManifests {

    static final String APP = "deckhand-node-agent";
    /** Has no RBAC binding: the agent never calls the Kubernetes API (infra/k8s/serviceaccounts.yaml). */
    static final String SERVICE_ACCOUNT = "deckhand-node-agent";
    private static final String SOCKET_IN_POD = "/run/deckhand/cri.sock";
    /** The Secret (in the agents' namespace) whose key {@link #TOKEN_KEY} is the token agents demand of callers. */
    public static final String TOKEN_SECRET = "deckhand-agent-token";
    public static final String TOKEN_KEY = "token";
    /** Where agents, and the functions and reconciler in the cluster, mount that Secret. */
    public static final String TOKEN_DIRECTORY = "/var/run/secrets/deckhand/agent-token";
    private static final String HASH_PLACEHOLDER_NODE = "template";
    /** {@code spec.clusterIP} of a headless Service. */
    public static final String HEADLESS = "None";

    private final AgentSettings settings;
    /**
     * Made on first use, not with the bean: hashing serialises the templates with the official client's Gson, whose
     * set-up is a large part of a cold start, and routes such as {@code GET /get/nodes} never need it.
     */
    private volatile Map<AgentKind, String> templateHash;

    public AgentManifests(AgentSettings settings) {
        this.settings = settings;
    }

    /** Hash of the current template, per kind; the same for every node. */
    public Map<AgentKind, String> templateHashes() {
        Map<AgentKind, String> hashes = templateHash;
        if (hashes == null) {
            Map<AgentKind, String> made = new EnumMap<>(AgentKind.class);
            made.put(AgentKind.DEPLOYMENT, hash(deploymentBody(HASH_PLACEHOLDER_NODE)));
            made.put(AgentKind.SERVICE, hash(serviceBody(HASH_PLACEHOLDER_NODE)));
            hashes = Collections.unmodifiableMap(made);
            templateHash = hashes;
        }
        return hashes;
    }

    /** Labels that select every agent object Deckhand owns. */
    public static String ownedSelector() {
        return DeckhandLabels.MANAGED_BY + "=" + DeckhandLabels.MANAGED_BY_VALUE + "," + DeckhandLabels.NAME + "=" + APP;
    }

    public String namespace() {
        return settings.namespace();
    }

    public V1Deployment deployment(String node) {
        V1Deployment deployment = deploymentBody(node);
        deployment.getMetadata().putAnnotationsItem(DeckhandLabels.SPEC_HASH_ANNOTATION, templateHashes().get(AgentKind.DEPLOYMENT));
        return deployment;
    }

    public V1Service service(String node) {
        V1Service service = serviceBody(node);
        service.getMetadata().putAnnotationsItem(DeckhandLabels.SPEC_HASH_ANNOTATION, templateHashes().get(AgentKind.SERVICE));
        return service;
    }

    private V1Deployment deploymentBody(String node) {
        Map<String, String> selector = selectorLabels(node);
        V1Container agent = new V1Container()
                .name("agent")
                .image(settings.image())
                .env(List.of(new V1EnvVar().name("DECKHAND_AGENT_RUNTIME_ENDPOINT").value("unix://" + SOCKET_IN_POD),
                        new V1EnvVar().name("DECKHAND_AGENT_TOKEN_FILE").value(TOKEN_DIRECTORY + "/" + TOKEN_KEY),
                        // A cleanup never removes the agent's own image.
                        new V1EnvVar().name("DECKHAND_AGENT_IMAGE").value(settings.image()),
                        new V1EnvVar().name("JAVA_TOOL_OPTIONS").value(AgentJvm.javaToolOptions()),
                        new V1EnvVar().name("MALLOC_ARENA_MAX").value(AgentJvm.MALLOC_ARENA_MAX)))
                .ports(List.of(new V1ContainerPort().name("http").containerPort(AgentPaths.PORT)))
                .readinessProbe(new V1Probe().httpGet(new V1HTTPGetAction().path(AgentPaths.READYZ).port(new IntOrString("http"))).periodSeconds(10))
                .livenessProbe(new V1Probe().httpGet(new V1HTTPGetAction().path(AgentPaths.HEALTHZ).port(new IntOrString("http"))).periodSeconds(20))
                .resources(new V1ResourceRequirements()
                        .requests(new TreeMap<>(Map.of("cpu", Quantity.fromString("10m"), "memory", Quantity.fromString(AgentJvm.MEMORY))))
                        .limits(Map.of("memory", Quantity.fromString(AgentJvm.MEMORY))))
                .securityContext(new V1SecurityContext()
                        .allowPrivilegeEscalation(false)
                        .readOnlyRootFilesystem(true)
                        .capabilities(new V1Capabilities().drop(List.of("ALL"))))
                .volumeMounts(List.of(new V1VolumeMount().name("cri-socket").mountPath(SOCKET_IN_POD),
                        new V1VolumeMount().name("caller-token").mountPath(TOKEN_DIRECTORY).readOnly(true),
                        // The root filesystem is read-only; gRPC's Netty unpacks its epoll library (unix sockets) here.
                        new V1VolumeMount().name("tmp").mountPath("/tmp")));
        V1PodSpec pod = new V1PodSpec()
                .affinity(pinnedTo(node))
                .tolerations(List.of(new V1Toleration().operator("Exists")))
                .serviceAccountName(SERVICE_ACCOUNT)
                .automountServiceAccountToken(false)
                .containers(List.of(agent))
                .volumes(List.of(new V1Volume().name("cri-socket")
                        .hostPath(new V1HostPathVolumeSource().path(settings.runtimeSocket()).type("Socket")),
                        new V1Volume().name("caller-token").secret(new V1SecretVolumeSource()
                                .secretName(TOKEN_SECRET).items(List.of(new V1KeyToPath().key(TOKEN_KEY).path(TOKEN_KEY)))),
                        new V1Volume().name("tmp").emptyDir(new V1EmptyDirVolumeSource().sizeLimit(Quantity.fromString("16Mi")))));
        return new V1Deployment()
                .apiVersion("apps/v1").kind("Deployment")
                .metadata(metadata(node))
                .spec(new V1DeploymentSpec()
                        .replicas(1)
                        .strategy(new V1DeploymentStrategy().type("Recreate"))
                        .selector(new V1LabelSelector().matchLabels(selector))
                        .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(labels(node))).spec(pod)));
    }

    private static V1Affinity pinnedTo(String node) {
        return new V1Affinity().nodeAffinity(new V1NodeAffinity()
                .requiredDuringSchedulingIgnoredDuringExecution(new V1NodeSelector().nodeSelectorTerms(List.of(
                        new V1NodeSelectorTerm().matchFields(List.of(new V1NodeSelectorRequirement()
                                .key("metadata.name").operator("In").values(List.of(node))))))));
    }

    /**
     * The template as this process renders it from its own settings: each kind's object for a placeholder node, as
     * JSON. Its hashes are those of {@link #templateHashes()}.
     */
    public AgentTemplate template() {
        return new AgentTemplate(JSON.getGson().toJson(deploymentBody(HASH_PLACEHOLDER_NODE)),
                JSON.getGson().toJson(serviceBody(HASH_PLACEHOLDER_NODE)));
    }

    /** {@code template} (a Deployment rendered for the placeholder node) made the agent Deployment of {@code node}. */
    static V1Deployment pin(V1Deployment template, String node, String namespace) {
        template.setMetadata(metadata(node, namespace));
        template.getSpec().getSelector().setMatchLabels(selectorLabels(node));
        template.getSpec().getTemplate().getMetadata().setLabels(labels(node));
        template.getSpec().getTemplate().getSpec().setAffinity(pinnedTo(node));
        return template;
    }

    /** {@code template} (a Service rendered for the placeholder node) made the agent Service of {@code node}. */
    static V1Service pin(V1Service template, String node, String namespace) {
        template.setMetadata(metadata(node, namespace));
        template.getSpec().setSelector(selectorLabels(node));
        return template;
    }

    private V1Service serviceBody(String node) {
        return new V1Service()
                .apiVersion("v1").kind("Service")
                .metadata(metadata(node))
                // Headless: no address from the cluster's service range and nothing for kube-proxy to program on
                // every node; the Service's DNS name answers with the agent pod's address.
                .spec(new V1ServiceSpec()
                        .type("ClusterIP")
                        .clusterIP(HEADLESS)
                        .selector(selectorLabels(node))
                        .ports(List.of(new V1ServicePort().name("http").port(AgentPaths.PORT).targetPort(new IntOrString("http")))));
    }

    private V1ObjectMeta metadata(String node) {
        return metadata(node, settings.namespace());
    }

    private static V1ObjectMeta metadata(String node, String namespace) {
        return new V1ObjectMeta()
                .name(AgentNaming.objectName(node))
                .namespace(namespace)
                .labels(labels(node))
                .putAnnotationsItem(DeckhandLabels.NODE_NAME_ANNOTATION, node);
    }

    private static Map<String, String> selectorLabels(String node) {
        return new TreeMap<>(Map.of(DeckhandLabels.NAME, APP, DeckhandLabels.NODE, AgentNaming.suffix(node)));
    }

    private static Map<String, String> labels(String node) {
        return new TreeMap<>(Map.of(
                DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE,
                DeckhandLabels.NAME, APP,
                DeckhandLabels.COMPONENT, "node-agent",
                DeckhandLabels.NODE, AgentNaming.suffix(node)));
    }

    /** Maps are sorted (TreeMap) wherever they are built, so the JSON, and with it the hash, is the same in every process. */
    private static String hash(Object manifest) {
        return AgentNaming.sha256(JSON.getGson().toJson(manifest)).substring(0, 16);
    }
}
