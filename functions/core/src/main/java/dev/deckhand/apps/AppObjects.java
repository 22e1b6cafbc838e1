package dev.deckhand.apps;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;

import java.util.List;
import java.util.Optional;

/** Port: the Kubernetes objects of deployed services, in the deployments namespace. */
public interface AppObjects {

    /** PVCs, Deployment and Service carrying service {@code id}'s labels, those being deleted included. */
    List<OwnedObject> list(String id);

    /** Creates the object; an object of that name already there is an {@link ObjectConflictException}. */
    void create(DesiredObject object);

    /** Brings the live object to the rendered one; for a claim, its storage request (and hash) only. */
    void replace(DesiredObject object, OwnedObject live);

    /**
     * Deletes a claim that holds no data and creates it anew from {@code claim}, once the old one is gone (a deleted
     * claim lingers until the pvc-protection controller lets it go). The delete applies only to the claim as
     * {@code live} saw it: one changed since (bound meanwhile) is an {@link ObjectConflictException}.
     */
    void recreate(DesiredObject claim, OwnedObject live);

    /** Whether the storage class allows volume expansion; false when there is no such class. */
    boolean expandable(String storageClass);

    /** Deletes the object; one already gone is fine. */
    void delete(ObjectKind kind, String name);

    Optional<V1Deployment> deployment(String id);

    /** Every service's Deployment (those carrying a service id label), those being deleted left out. */
    List<V1Deployment> deployments();

    List<V1Pod> pods(String id);

    List<V1PersistentVolumeClaim> claims(String id);

    /** Events about the named pods, oldest first. */
    List<CoreV1Event> podEvents(List<String> podNames);
}
