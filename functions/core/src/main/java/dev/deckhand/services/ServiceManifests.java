package dev.deckhand.services;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;

import java.time.Duration;
import java.util.List;

/**
 * Renders a service's objects: a Deployment, and a Service that is a NodePort Service when the service publishes
 * ports and a headless one (no ports, no cluster IP) otherwise. Both carry the stored service, so either alone is
 * enough to recreate the other. A run to completion ({@code detached: false}) is a Job.
 */
public final class ServiceManifests {

    static final String CONTAINER = "main";

    private ServiceManifests() {
    }

    public static V1Deployment deployment(StoredService service, String namespace) {
        return new V1Deployment()
                .metadata(metadata(service, namespace))
                .spec(new V1DeploymentSpec()
                        .replicas(service.spec().replicas())
                        .selector(new V1LabelSelector().matchLabels(ServiceLabels.selector(service)))
                        .template(podTemplate(service, "Always")));
    }

    public static V1Service service(StoredService service, String namespace) {
        V1ServiceSpec spec = new V1ServiceSpec().selector(ServiceLabels.selector(service));
        if (service.spec().published()) {
            spec.type("NodePort").ports(service.spec().ports().stream().map(p -> new V1ServicePort()
                    .name("port-" + p.containerPort())
                    .protocol("TCP")
                    .port(p.containerPort())
                    .targetPort(new IntOrString(p.containerPort()))
                    .nodePort(p.nodePort())).toList());
        } else {
            spec.type("ClusterIP").clusterIP("None");
        }
        return new V1Service().metadata(metadata(service, namespace)).spec(spec);
    }

    public static V1Job job(StoredService service, String namespace, Duration ttl) {
        return new V1Job()
                .metadata(metadata(service, namespace))
                .spec(new V1JobSpec()
                        .backoffLimit(0)
                        .ttlSecondsAfterFinished((int) Math.min(Integer.MAX_VALUE, ttl.toSeconds()))
                        .template(podTemplate(service, "Never")));
    }

    /** Whether a live Service and a rendered one differ in a field the API server will not change in place. */
    static boolean headless(V1Service service) {
        return "None".equals(service.getSpec().getClusterIP());
    }

    private static V1ObjectMeta metadata(StoredService service, String namespace) {
        return new V1ObjectMeta().name(service.name()).namespace(namespace)
                .labels(ServiceLabels.labels(service))
                .annotations(ServiceLabels.annotations(service));
    }

    private static V1PodTemplateSpec podTemplate(StoredService service, String restartPolicy) {
        ServiceSpec spec = service.spec();
        V1Container container = new V1Container()
                .name(CONTAINER)
                .image(spec.image())
                .env(spec.environment().entrySet().stream().map(e -> new V1EnvVar().name(e.getKey()).value(e.getValue())).toList())
                .ports(spec.ports().stream().map(p -> new V1ContainerPort().containerPort(p.containerPort()).protocol("TCP")).toList());
        if (!spec.command().isEmpty()) {
            // Compose's command replaces the image's CMD, keeping its ENTRYPOINT: Kubernetes' args.
            container.args(spec.command());
        }
        return new V1PodTemplateSpec()
                .metadata(new V1ObjectMeta().labels(ServiceLabels.labels(service)))
                .spec(new V1PodSpec().restartPolicy(restartPolicy).containers(List.of(container)));
    }
}
