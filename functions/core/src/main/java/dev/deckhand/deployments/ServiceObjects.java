package dev.deckhand.deployments;

import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;

import java.util.List;
import java.util.Optional;

/** Port: the Kubernetes objects of deployed services, in the deployments namespace. */
public interface ServiceObjects {

    /** PVCs, Deployment and Service carrying service {@code id}'s labels. */
    List<OwnedObject> list(String id);

    /** Creates the object; an object of that name already there is an {@link ObjectConflictException}. */
    void create(DesiredObject object);

    /** Brings the live object to the rendered one. */
    void replace(DesiredObject object, OwnedObject live);

    /** Deletes the object; one already gone is fine. */
    void delete(ObjectKind kind, String name);

    Optional<V1Deployment> deployment(String id);

    List<V1Pod> pods(String id);

    List<V1PersistentVolumeClaim> claims(String id);

    /** Events about the named pods, oldest first. */
    List<CoreV1Event> podEvents(List<String> podNames);
}
