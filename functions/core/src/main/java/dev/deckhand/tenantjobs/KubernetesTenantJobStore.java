package dev.deckhand.tenantjobs;

import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Job;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/** Jobs, pods and pod logs of tenants, in their namespaces, selected by Deckhand's and the tenant's labels. */
@Singleton
public class KubernetesTenantJobStore implements TenantJobStore {

    private final BatchV1Api batch;
    private final CoreV1Api core;
    private final LeanReads reads;

    public KubernetesTenantJobStore(BatchV1Api batch, CoreV1Api core, LeanReads reads) {
        this.batch = batch;
        this.core = core;
        this.reads = reads;
    }

    @Serdeable
    record JobSpec(PodTemplate template) {
    }

    @Serdeable
    record PodTemplate(PodSpec spec) {
    }

    @Serdeable
    record PodSpec(List<Named> containers) {
    }

    @Serdeable
    record Named(String name) {
    }

    @Serdeable
    record JobStatus(List<JobCondition> conditions, String startTime, String completionTime, Integer active,
                     Integer succeeded, Integer failed) {
    }

    @Serdeable
    record JobCondition(String type, String status, String reason, String message) {
    }

    @Serdeable
    record PodStatus(String phase, String startTime, String reason, String message, List<ContainerStatus> containerStatuses) {
    }

    @Serdeable
    record ContainerStatus(String name, ContainerState state) {
    }

    @Serdeable
    record ContainerState(Waiting waiting, Running running, Terminated terminated) {
    }

    @Serdeable
    record Waiting(String reason, String message) {
    }

    @Serdeable
    record Running(String startedAt) {
    }

    @Serdeable
    record Terminated(String reason, String message, Integer exitCode, String startedAt, String finishedAt) {
    }

    @Override
    public boolean create(V1Job job) {
        String namespace = job.getMetadata().getNamespace();
        try {
            KubernetesCalls.call("create job " + job.getMetadata().getName() + " in " + namespace,
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
    public Optional<ObservedJob> find(String namespace, String name, String tenant) {
        try {
            RawJob job = reads.get("read job " + name + " in " + namespace,
                    () -> batch.readNamespacedJob(name, namespace).buildCall(null), RawJob.class);
            if (!JobRenderer.labels(tenant).entrySet().stream()
                    .allMatch(l -> l.getValue().equals(job.metadata().labels().get(l.getKey())))) {
                return Optional.empty();
            }
            return Optional.of(observed(job));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<ObservedJob> list(String namespace, String tenant) {
        String selector = JobRenderer.selector(tenant);
        return reads.list("list jobs of tenant " + tenant,
                        () -> batch.listNamespacedJob(namespace).labelSelector(selector).buildCall(null), RawJob.class).stream()
                .map(KubernetesTenantJobStore::observed)
                .toList();
    }

    @Override
    public List<ObservedPod> pods(String namespace, String tenant, String jobName) {
        String selector = JobRenderer.selector(tenant) + (jobName == null ? "" : ",job-name=" + jobName);
        return reads.list("list pods of tenant " + tenant + " jobs",
                        () -> core.listNamespacedPod(namespace).labelSelector(selector).buildCall(null), RawPod.class).stream()
                .map(KubernetesTenantJobStore::observed)
                .toList();
    }

    @Override
    public Optional<String> logTail(String namespace, String pod, String container, int lines, int limitBytes) {
        try {
            return Optional.ofNullable(KubernetesCalls.call("read the log of pod " + pod + " in " + namespace,
                    () -> core.readNamespacedPodLog(pod, namespace).container(container).tailLines(lines)
                            .limitBytes(limitBytes).execute()));
        } catch (RuntimeException e) {
            // 400: the container is waiting to start; 404: the pod went meanwhile.
            if (KubernetesCalls.hasStatus(e, 400) || KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean delete(String namespace, String name) {
        try {
            KubernetesCalls.call("delete job " + name + " in " + namespace,
                    () -> batch.deleteNamespacedJob(name, namespace).propagationPolicy("Background").execute());
            return true;
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return false;
            }
            throw e;
        }
    }

    @Serdeable
    record RawMeta(String name, String namespace, java.util.Map<String, String> labels, String creationTimestamp) {
        RawMeta {
            labels = labels == null ? java.util.Map.of() : labels;
        }
    }

    @Serdeable
    record RawJob(RawMeta metadata, JobSpec spec, JobStatus status) {
    }

    @Serdeable
    record RawPod(RawMeta metadata, PodStatus status) {
    }

    private static ObservedJob observed(RawJob job) {
        JobStatus s = job.status();
        String completeReason = null;
        String failedReason = null;
        String failedMessage = null;
        if (s != null && s.conditions() != null) {
            for (JobCondition c : s.conditions()) {
                if (!"True".equals(c.status())) {
                    continue;
                }
                if ("Complete".equals(c.type())) {
                    completeReason = c.reason() == null ? "Completed" : c.reason();
                } else if ("Failed".equals(c.type())) {
                    failedReason = c.reason() == null ? "Failed" : c.reason();
                    failedMessage = c.message();
                }
            }
        }
        String container = null;
        if (job.spec() != null && job.spec().template() != null && job.spec().template().spec() != null
                && job.spec().template().spec().containers() != null && !job.spec().template().spec().containers().isEmpty()) {
            container = job.spec().template().spec().containers().get(0).name();
        }
        return new ObservedJob(job.metadata().name(), job.metadata().namespace(), job.metadata().creationTimestamp(),
                s == null ? null : s.startTime(), s == null ? null : s.completionTime(),
                s == null || s.active() == null ? 0 : s.active(), s == null || s.succeeded() == null ? 0 : s.succeeded(),
                s == null || s.failed() == null ? 0 : s.failed(), completeReason, failedReason, failedMessage, container);
    }

    private static ObservedPod observed(RawPod pod) {
        PodStatus s = pod.status();
        String start = s == null ? null : s.startTime();
        String end = null;
        Integer exitCode = null;
        String reason = s == null ? null : s.reason();
        String message = s == null ? null : s.message();
        if (s != null && s.containerStatuses() != null && !s.containerStatuses().isEmpty()) {
            ContainerState state = s.containerStatuses().get(0).state();
            if (state != null && state.terminated() != null) {
                Terminated t = state.terminated();
                start = t.startedAt() == null ? start : t.startedAt();
                end = t.finishedAt();
                exitCode = t.exitCode();
                reason = t.reason();
                message = t.message();
            } else if (state != null && state.running() != null && state.running().startedAt() != null) {
                start = state.running().startedAt();
            } else if (state != null && state.waiting() != null) {
                reason = state.waiting().reason();
                message = state.waiting().message();
            }
        }
        return new ObservedPod(pod.metadata().labels().get("job-name"), pod.metadata().creationTimestamp(),
                new TenantJobPod(pod.metadata().name(), s == null ? null : s.phase(), start, end, exitCode, reason, message));
    }
}
