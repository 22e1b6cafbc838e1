package dev.deckhand.tenantjobs;

import io.kubernetes.client.openapi.models.V1Job;

import java.util.List;
import java.util.Optional;

/** Port: the tenants' Jobs, their pods and logs, in the tenants' namespaces. */
public interface TenantJobStore {

    /** Creates the Job; false when one of that name already exists. */
    boolean create(V1Job job);

    /** The Job of that name when it exists and is Deckhand's job of the tenant (labels), else empty. */
    Optional<ObservedJob> find(String namespace, String name, String tenant);

    /** The tenant's Deckhand jobs in the namespace. */
    List<ObservedJob> list(String namespace, String tenant);

    /** Pods of the tenant's Deckhand jobs (of one job when {@code jobName} is not null). */
    List<ObservedPod> pods(String namespace, String tenant, String jobName);

    /** The last lines of a pod's container log, or empty when there is none yet (the container has not started). */
    Optional<String> logTail(String namespace, String pod, String container, int lines, int limitBytes);

    /** Deletes the Job with its pods (background propagation); false when it was already gone. */
    boolean delete(String namespace, String name);

    /** A pod with the Job it belongs to and when it was created (the newest one's log is shown). */
    record ObservedPod(String jobName, String createdAt, TenantJobPod pod) {
    }

    /** A Job as read back: what the answers show. */
    record ObservedJob(String name, String namespace, String createdAt, String startTime, String completionTime,
                       int active, int succeeded, int failed, String completeReason, String failedReason,
                       String failedMessage, String container) {
    }
}
