package dev.deckhand.prewarm;

import dev.deckhand.agents.AgentNaming;
import dev.deckhand.agents.AgentSettings;
import dev.deckhand.cluster.DeckhandLabels;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1NodeAffinity;
import io.kubernetes.client.openapi.models.V1NodeSelector;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the Job that prewarms one node in job mode. Its pod is pinned to the node as a DaemonSet's would be (a
 * required node affinity on {@code metadata.name}, every taint tolerated). An init container copies the worker image's
 * static helper into a shared emptyDir; then one container per target image runs {@code helper true} from there, so
 * the image only has to be pulled, not to contain a shell or any binary at all. No retries ({@code backoffLimit 0}):
 * a failed pull is reported, not repeated; {@code activeDeadlineSeconds} bounds a pull that never ends.
 */
@Singleton
public class PrewarmJobManifests {

    /** Label on a task's Jobs and pods: the task id. */
    public static final String TASK_LABEL = "deckhand.dev/prewarm-task";
    /** Label on a task's Jobs and pods: the 0-based batch number. */
    public static final String BATCH_LABEL = "deckhand.dev/prewarm-batch";
    static final String HELPER_DIR = "/deckhand";
    private static final String HELPER_VOLUME = "deckhand-helper";
    private static final long NOBODY = 65534L;

    private final PrewarmSettings settings;
    private final String namespace;

    public PrewarmJobManifests(PrewarmSettings settings, AgentSettings agents) {
        this.settings = settings;
        this.namespace = agents.namespace();
    }

    public String namespace() {
        return namespace;
    }

    /** Selects every Job (and pod) of a task. */
    public static String taskSelector(String taskId) {
        return DeckhandLabels.MANAGED_BY + "=" + DeckhandLabels.MANAGED_BY_VALUE + "," + TASK_LABEL + "=" + taskId;
    }

    /** Selects the Jobs (and pods) of one batch of a task. */
    public static String batchSelector(String taskId, int batch) {
        return taskSelector(taskId) + "," + BATCH_LABEL + "=" + batch;
    }

    /** The path the image containers run: the helper, copied under its own file name. */
    String helperInPod() {
        String helper = settings.workerHelper();
        return HELPER_DIR + "/" + helper.substring(helper.lastIndexOf('/') + 1);
    }

    /** The Job for the node at {@code index} of the task's node list. */
    public V1Job job(PrewarmTask task, int index, String node) {
        int batch = index / task.spec().batchSize();
        Map<String, String> labels = new TreeMap<>(Map.of(
                DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE,
                DeckhandLabels.NAME, KubernetesPrewarmStore.APP,
                DeckhandLabels.COMPONENT, "prewarm-job",
                TASK_LABEL, task.id(),
                BATCH_LABEL, String.valueOf(batch),
                DeckhandLabels.NODE, AgentNaming.suffix(node)));
        V1VolumeMount mount = new V1VolumeMount().name(HELPER_VOLUME).mountPath(HELPER_DIR);
        String helper = helperInPod();
        V1Container copy = container("helper", settings.workerImage(), "IfNotPresent",
                List.of(settings.workerHelper(), "cp", settings.workerHelper(), helper), mount);
        List<V1Container> pulls = new ArrayList<>();
        List<String> images = task.spec().images();
        for (int i = 0; i < images.size(); i++) {
            // Always: the kubelet resolves the reference against the registry, as the agent's PullImage does.
            pulls.add(container("image-" + i, images.get(i), "Always", List.of(helper, "true"), mount));
        }
        V1PodSpec pod = new V1PodSpec()
                .restartPolicy("Never")
                .affinity(new V1Affinity().nodeAffinity(new V1NodeAffinity()
                        .requiredDuringSchedulingIgnoredDuringExecution(new V1NodeSelector().nodeSelectorTerms(List.of(
                                new V1NodeSelectorTerm().matchFields(List.of(new V1NodeSelectorRequirement()
                                        .key("metadata.name").operator("In").values(List.of(node)))))))))
                .tolerations(List.of(new V1Toleration().operator("Exists")))
                .automountServiceAccountToken(false)
                .enableServiceLinks(false)
                .terminationGracePeriodSeconds(1L)
                .initContainers(List.of(copy))
                .containers(pulls)
                .volumes(List.of(new V1Volume().name(HELPER_VOLUME).emptyDir(new V1EmptyDirVolumeSource()
                        .sizeLimit(Quantity.fromString("16Mi")))));
        if (!task.spec().imagePullSecrets().isEmpty()) {
            pod.imagePullSecrets(task.spec().imagePullSecrets().stream()
                    .map(name -> new V1LocalObjectReference().name(name)).toList());
        }
        Map<String, String> podLabels = new TreeMap<>(labels);
        podLabels.remove(DeckhandLabels.NODE);
        return new V1Job()
                .apiVersion("batch/v1").kind("Job")
                .metadata(new V1ObjectMeta()
                        .name(BatchPlanner.jobName(task.id(), index))
                        .namespace(namespace)
                        .labels(labels)
                        .putAnnotationsItem(DeckhandLabels.NODE_NAME_ANNOTATION, node))
                .spec(new V1JobSpec()
                        .backoffLimit(0)
                        .completions(1)
                        .parallelism(1)
                        .activeDeadlineSeconds(Math.max(1L, settings.jobDeadline().toSeconds()))
                        .ttlSecondsAfterFinished((int) Math.max(0L, Math.min(Integer.MAX_VALUE, settings.jobTtl().toSeconds())))
                        .template(new V1PodTemplateSpec()
                                .metadata(new V1ObjectMeta().labels(podLabels))
                                .spec(pod)));
    }

    private static V1Container container(String name, String image, String pullPolicy, List<String> command,
                                         V1VolumeMount mount) {
        return new V1Container()
                .name(name)
                .image(image)
                .imagePullPolicy(pullPolicy)
                .command(command)
                .volumeMounts(List.of(mount))
                .resources(new V1ResourceRequirements()
                        .requests(new TreeMap<>(Map.of("cpu", Quantity.fromString("10m"), "memory", Quantity.fromString("16Mi"))))
                        .limits(Map.of("memory", Quantity.fromString("64Mi"))))
                .securityContext(new V1SecurityContext()
                        .runAsUser(NOBODY)
                        .runAsGroup(NOBODY)
                        .runAsNonRoot(true)
                        .allowPrivilegeEscalation(false)
                        .readOnlyRootFilesystem(true)
                        .capabilities(new V1Capabilities().drop(List.of("ALL"))));
    }
}
