package dev.deckhand.agents;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;

import java.util.List;

/** The agent objects in the cluster: read with one label-selected LIST per kind, written one by one. */
public interface AgentWorkloads {

    List<AgentObject> list(AgentKind kind);

    /** Creates the object; returns false when it already exists (another pass created it first). */
    boolean create(V1Deployment deployment);

    /** Creates the object; returns false when it already exists (another pass created it first). */
    boolean create(V1Service service);

    /** Replaces the observed object, failing if it changed since it was observed. */
    void replace(V1Deployment deployment, AgentObject observed);

    /** Replaces the observed object, failing if it changed since it was observed. */
    void replace(V1Service service, AgentObject observed);

    /** Deletes the object; an object already gone is fine. */
    void delete(AgentObject observed);
}
