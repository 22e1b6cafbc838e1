package dev.deckhand.apps;

import java.util.List;

/**
 * The deployment YAML of a service document, as typed records: what is not a component here does not exist (hostPath,
 * privileged, namespace, commands...), and {@link dev.deckhand.yaml.StrictYaml} refuses it. Optional parts are null
 * when absent; {@link AppValidation} checks the values.
 *
 * @param containers the containers of the one pod template (seed 004)
 * @param volumes    persistent volumes, one PVC each (seed 004)
 * @param replicas   pod count, default 1 (Deckhand's addition)
 */
public record AppSpec(List<Container> containers, List<Volume> volumes, Integer replicas) {

    /**
     * @param gpu            one of the configured GPU kinds ({@code deckhand.deployments.gpu-resources}), e.g. {@code nvidia/gpu}
     * @param env            environment variables (Deckhand's addition)
     * @param resources      CPU/memory requests and limits (Deckhand's addition)
     * @param readinessProbe an HTTP GET readiness probe (Deckhand's addition)
     */
    public record Container(String name, String image, List<Port> ports, String gpu, List<VolumeMount> volumeMounts,
                            List<EnvVar> env, Resources resources, Probe readinessProbe) {
    }

    public record Port(String name, Integer port) {
    }

    public record VolumeMount(String name, String mountPath, Boolean readOnly) {
    }

    /** @param size {@code 1-999} followed by {@code Gi} or {@code Mi} */
    public record Volume(String name, String size) {
    }

    public record EnvVar(String name, String value) {
    }

    public record Resources(Amounts requests, Amounts limits) {
    }

    /** Kubernetes quantities: {@code cpu: 250m}, {@code memory: 256Mi}. */
    public record Amounts(String cpu, String memory) {
    }

    /**
     * @param path                HTTP path, starting with {@code /}
     * @param port                a port the container declares
     * @param initialDelaySeconds default Kubernetes' (0)
     * @param periodSeconds       default Kubernetes' (10)
     */
    public record Probe(String path, Integer port, Integer initialDelaySeconds, Integer periodSeconds) {
    }
}
