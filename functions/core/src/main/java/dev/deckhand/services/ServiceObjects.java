package dev.deckhand.services;

import dev.deckhand.cluster.ListSource;
import io.kubernetes.client.openapi.models.V1Deployment;
import dev.deckhand.cluster.ListSource;
import io.kubernetes.client.openapi.models.V1Job;
import dev.deckhand.cluster.ListSource;
import io.kubernetes.client.openapi.models.V1Service;

import java.util.List;
import java.util.Optional;

/** The services' objects in the cluster: read with one label-selected LIST per kind, written one by one. */
public interface ServiceObjects {

    /** The services' objects of one kind: from the watch cache for a reconcile pass, the latest for the API's reads. */
    List<ObservedServiceObject> list(ServiceObjectKind kind, ListSource source);

    List<LiveObjects.Service> services();

    List<LiveObjects.Job> jobs();

    List<LiveObjects.Pod> pods();

    /** The pods of one Job. */
    List<LiveObjects.Pod> podsOfJob(String job);

    Optional<LiveObjects.Job> job(String name);

    /** Creates the object; false when it already exists. */
    boolean create(V1Deployment deployment);

    /** Creates the object; false when it already exists. */
    boolean create(V1Service service);

    void create(V1Job job);

    /** Replaces the object at its live version. */
    void replace(V1Deployment deployment);

    /** Replaces the object at its live version, keeping what the API server assigned (cluster IP, node ports). */
    void replace(V1Service service);

    /** Deletes the object; one already gone is fine. */
    void delete(ServiceObjectKind kind, String name);

    /** Deletes a Job and (in the background) its pods; one already gone is fine. */
    void deleteJob(String name);

    /** The last lines a pod's container printed. */
    String log(String pod, int tailLines);
}
