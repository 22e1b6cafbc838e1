package dev.deckhand.apps;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Service;

import java.util.ArrayList;
import java.util.List;

/** What one service document renders to; {@code service} is null when the document exposes no port. */
public record RenderedApp(String id, List<V1PersistentVolumeClaim> claims, V1Deployment deployment, V1Service service) {

    /** Every object with its hash, in write order: PVCs, the Deployment, the Service. */
    public List<DesiredObject> objects() {
        List<DesiredObject> objects = new ArrayList<>();
        for (V1PersistentVolumeClaim claim : claims) {
            objects.add(new DesiredObject(ObjectKind.CLAIM, claim.getMetadata().getName(), AppRenderer.hashOf(claim.getMetadata()), claim));
        }
        objects.add(new DesiredObject(ObjectKind.DEPLOYMENT, deployment.getMetadata().getName(),
                AppRenderer.hashOf(deployment.getMetadata()), deployment));
        if (service != null) {
            objects.add(new DesiredObject(ObjectKind.SERVICE, service.getMetadata().getName(),
                    AppRenderer.hashOf(service.getMetadata()), service));
        }
        return objects;
    }
}
