package dev.deckhand.prewarm;

import io.kubernetes.client.openapi.models.V1Job;

import java.util.List;

/**
 * The Jobs of job-mode tasks and their pods, selected by the labels {@link PrewarmJobManifests} puts on them: one
 * label-selected LIST per read, so a pass reads only the current batch (batch strategy) or the task's Jobs in flight
 * (window strategy, which deletes each Job once its node's outcome is written).
 */
public interface PrewarmJobs {

    /** The Jobs of one batch of a task. */
    List<ObservedJob> list(String taskId, int batch);

    /** The pods of the Jobs of one batch of a task. */
    List<ObservedPod> pods(String taskId, int batch);

    /** Every Job of a task. */
    List<ObservedJob> list(String taskId);

    /** The pods of every Job of a task. */
    List<ObservedPod> pods(String taskId);

    /** Creates a Job; false when it exists already (another pass created it). */
    boolean create(V1Job job);

    /** Deletes the Jobs of one batch (and, in the background, their pods). */
    void deleteBatch(String taskId, int batch);

    /** Deletes one Job (and, in the background, its pod); a Job already gone is no error. */
    void delete(String jobName);

    /** Deletes every Job of a task. */
    void deleteAll(String taskId);
}
