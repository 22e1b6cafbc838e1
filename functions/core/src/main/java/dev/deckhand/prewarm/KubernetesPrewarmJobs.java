package dev.deckhand.prewarm;

import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.cluster.ListSource;
import dev.deckhand.cluster.ObjectMetadata;
import dev.deckhand.tasks.Timestamps;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Singleton
public class KubernetesPrewarmJobs implements PrewarmJobs {

    private final BatchV1Api batch;
    private final CoreV1Api core;
    private final LeanReads reads;
    private final String namespace;

    public KubernetesPrewarmJobs(BatchV1Api batch, CoreV1Api core, LeanReads reads, PrewarmJobManifests manifests) {
        this.batch = batch;
        this.core = core;
        this.reads = reads;
        this.namespace = manifests.namespace();
    }

    @Serdeable
    record Job(ObjectMetadata metadata, JobStatus status) {
    }

    @Serdeable
    record JobStatus(List<JobCondition> conditions, String startTime, String completionTime) {
    }

    @Serdeable
    record JobCondition(String type, String status, String reason, String message, String lastTransitionTime) {
    }

    @Serdeable
    record Pod(ObjectMetadata metadata, PodStatus status) {
    }

    @Serdeable
    record PodStatus(String phase, List<ContainerStatus> initContainerStatuses, List<ContainerStatus> containerStatuses) {
    }

    @Serdeable
    record ContainerStatus(String name, String image, ContainerState state) {
    }

    @Serdeable
    record ContainerState(Waiting waiting, Terminated terminated) {
    }

    @Serdeable
    record Waiting(String reason, String message) {
    }

    @Serdeable
    record Terminated(String reason, String message, Integer exitCode) {
    }

    @Override
    public List<ObservedJob> list(String taskId, int batchNumber) {
        return jobs(taskId, PrewarmJobManifests.batchSelector(taskId, batchNumber));
    }

    @Override
    public List<ObservedJob> list(String taskId) {
        return jobs(taskId, PrewarmJobManifests.taskSelector(taskId));
    }

    // From the watch cache (see ListSource): a Job the list misses is created again (409, tolerated), one already
    // deleted is deleted again (404, tolerated), and as Jobs start in node order the ones it misses are the first the
    // plan picks again, so a window never grows past batchSize. What a node's outcome is comes from the task's status,
    // read live before each step.
    private List<ObservedJob> jobs(String taskId, String selector) {
        return reads.list("list prewarm jobs of " + taskId,
                        () -> batch.listNamespacedJob(namespace).labelSelector(selector)
                                .resourceVersion(ListSource.WATCH_CACHE.resourceVersion()).buildCall(null), Job.class).stream()
                .map(KubernetesPrewarmJobs::observed)
                .toList();
    }

    @Override
    public List<ObservedPod> pods(String taskId, int batchNumber) {
        return pods(taskId, PrewarmJobManifests.batchSelector(taskId, batchNumber));
    }

    @Override
    public List<ObservedPod> pods(String taskId) {
        return pods(taskId, PrewarmJobManifests.taskSelector(taskId));
    }

    private List<ObservedPod> pods(String taskId, String selector) {
        return reads.list("list prewarm pods of " + taskId,
                        () -> core.listNamespacedPod(namespace).labelSelector(selector)
                                .resourceVersion(ListSource.WATCH_CACHE.resourceVersion()).buildCall(null), Pod.class).stream()
                .map(KubernetesPrewarmJobs::observed)
                .toList();
    }

    @Override
    public boolean create(V1Job job) {
        try {
            KubernetesCalls.call("create prewarm job " + job.getMetadata().getName(),
                    () -> batch.createNamespacedJob(namespace, job).execute());
            return true;
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void deleteBatch(String taskId, int batchNumber) {
        deleteCollection("delete prewarm jobs of batch " + batchNumber + " of " + taskId,
                PrewarmJobManifests.batchSelector(taskId, batchNumber));
    }

    @Override
    public void delete(String jobName) {
        try {
            KubernetesCalls.call("delete prewarm job " + jobName, () -> batch.deleteNamespacedJob(jobName, namespace)
                    .propagationPolicy("Background").execute());
        } catch (RuntimeException e) {
            if (!KubernetesCalls.hasStatus(e, 404)) {
                throw e;
            }
        }
    }

    @Override
    public void deleteAll(String taskId) {
        deleteCollection("delete prewarm jobs of " + taskId, PrewarmJobManifests.taskSelector(taskId));
    }

    private void deleteCollection(String what, String selector) {
        KubernetesCalls.call(what, () -> batch.deleteCollectionNamespacedJob(namespace)
                .labelSelector(selector).propagationPolicy("Background").execute());
    }

    private static ObservedJob observed(Job job) {
        ObservedJob.State state = ObservedJob.State.ACTIVE;
        String reason = null;
        String message = null;
        Instant finished = null;
        JobStatus status = job.status();
        if (status != null && status.conditions() != null) {
            for (JobCondition c : status.conditions()) {
                if (!"True".equals(c.status())) {
                    continue;
                }
                if ("Complete".equals(c.type())) {
                    state = ObservedJob.State.COMPLETE;
                    finished = Timestamps.parse(c.lastTransitionTime());
                } else if ("Failed".equals(c.type())) {
                    state = ObservedJob.State.FAILED;
                    reason = c.reason();
                    message = c.message();
                    finished = Timestamps.parse(c.lastTransitionTime());
                }
            }
        }
        if (status != null && status.completionTime() != null) {
            finished = Timestamps.parse(status.completionTime());
        }
        return new ObservedJob(job.metadata().name(), state, reason, message,
                status == null ? null : Timestamps.parse(status.startTime()), finished);
    }

    private static ObservedPod observed(Pod pod) {
        List<ObservedPod.Container> containers = new ArrayList<>();
        if (pod.status() != null) {
            add(containers, pod.status().initContainerStatuses());
            add(containers, pod.status().containerStatuses());
        }
        return new ObservedPod(pod.metadata().labels().get("job-name"), pod.status() == null ? null : pod.status().phase(),
                containers);
    }

    private static void add(List<ObservedPod.Container> into, List<ContainerStatus> statuses) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus s : statuses) {
            ContainerState state = s.state();
            Waiting waiting = state == null ? null : state.waiting();
            Terminated terminated = state == null ? null : state.terminated();
            into.add(new ObservedPod.Container(s.name(), s.image(),
                    waiting == null ? null : waiting.reason(), waiting == null ? null : waiting.message(),
                    terminated == null ? null : terminated.reason(), terminated == null ? null : terminated.message(),
                    terminated == null ? null : terminated.exitCode()));
        }
    }
}
