package dev.deckhand.apps;

import dev.deckhand.agent.api.ImageReference;
import dev.deckhand.agent.api.InvalidImageReferenceException;
import dev.deckhand.cluster.MountPaths;
import dev.deckhand.text.UserText;
import dev.deckhand.yaml.StrictYaml;
import dev.deckhand.yaml.YamlDocumentException;
import io.kubernetes.client.custom.Quantity;

import java.math.BigDecimal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a service document: pure, so it runs before anything is written. Every problem is a
 * {@link AppValidationException} naming the field: a path into the deployment YAML such as
 * {@code containers[0].ports[1].port}, or a document field ({@code exposed_port}).
 */
public final class AppValidation {

    private static final Pattern SIZE = Pattern.compile("([1-9][0-9]{0,2})(Gi|Mi)");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final int MAX_CONTAINERS = 10;
    private static final int MAX_VOLUMES = 10;
    private static final int MAX_ENV = 100;
    private static final int MAX_ENV_VALUE = 32 * 1024;
    private static final int MAX_PORTS = 20;
    private static final int MAX_MOUNTS = 20;
    /** A quantity as Kubernetes writes one, with a decimal exponent of at most two digits (no {@code 1e1000}). */
    private static final Pattern QUANTITY = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,9})?([mkMGTPE]|[KMGTPE]i|[eE][0-9]{1,2})?");
    private static final BigDecimal MAX_CPU = BigDecimal.valueOf(1024);
    private static final BigDecimal MAX_MEMORY = BigDecimal.valueOf(4L << 40);

    private final AppSettings settings;
    private final Map<String, String> gpus;

    public AppValidation(AppSettings settings) {
        this.settings = settings;
        this.gpus = settings.gpuResourceMap();
    }

    public ValidApp validate(String id, ServiceDocument document) {
        AppIds.check(id);
        if (document == null) {
            throw new AppValidationException("", "the service document is empty");
        }
        if (document.name() != null && document.name().length() > 253) {
            throw new AppValidationException("name", "at most 253 characters");
        }
        text(document.name(), "name");
        text(document.exposedService(), "exposed_service");
        UserText.documentProblem(document.deployment()).ifPresent(problem -> {
            throw new AppValidationException("deployment", "the deployment YAML " + problem);
        });
        if (document.deployment() == null || document.deployment().isBlank()) {
            throw new AppValidationException("deployment", "the deployment YAML is missing");
        }
        AppSpec spec;
        try {
            spec = StrictYaml.read(document.deployment(), AppSpec.class);
        } catch (YamlDocumentException e) {
            throw new AppValidationException(e.path(), e.problem());
        }
        checkSpec(spec);
        checkExposure(document, spec);
        return new ValidApp(id, document, spec);
    }

    private void checkSpec(AppSpec spec) {
        List<AppSpec.Container> containers = spec.containers();
        if (containers == null || containers.isEmpty()) {
            throw new AppValidationException("containers", "at least one container is required");
        }
        if (containers.size() > MAX_CONTAINERS) {
            throw new AppValidationException("containers", "at most " + MAX_CONTAINERS + " containers");
        }
        if (spec.replicas() != null && (spec.replicas() < 0 || spec.replicas() > settings.maxReplicas())) {
            throw new AppValidationException("replicas", "must be 0.." + settings.maxReplicas());
        }
        Set<String> volumes = new HashSet<>();
        List<AppSpec.Volume> declared = spec.volumes() == null ? List.of() : spec.volumes();
        if (declared.size() > MAX_VOLUMES) {
            throw new AppValidationException("volumes", "at most " + MAX_VOLUMES + " volumes");
        }
        for (int i = 0; i < declared.size(); i++) {
            String at = "volumes[" + i + "]";
            AppSpec.Volume volume = required(declared.get(i), at);
            name(volume.name(), at + ".name", AppIds.MAX_VOLUME_NAME);
            if (!volumes.add(volume.name())) {
                throw new AppValidationException(at + ".name", "volume \"" + volume.name() + "\" is declared twice");
            }
            if (volume.size() == null || !SIZE.matcher(volume.size()).matches()) {
                throw new AppValidationException(at + ".size", "must be 1-999 followed by Gi or Mi (e.g. 1Gi, 500Mi), not "
                        + (volume.size() == null ? "missing" : "\"" + volume.size() + "\""));
            }
        }
        Set<String> names = new HashSet<>();
        Set<Integer> allPorts = new HashSet<>();
        Set<String> portNames = new HashSet<>();
        for (int c = 0; c < containers.size(); c++) {
            String at = "containers[" + c + "]";
            AppSpec.Container container = required(containers.get(c), at);
            name(container.name(), at + ".name", 63);
            if (!names.add(container.name())) {
                throw new AppValidationException(at + ".name", "container \"" + container.name() + "\" is named twice");
            }
            image(container.image(), at + ".image");
            Set<Integer> ports = new HashSet<>();
            List<AppSpec.Port> declaredPorts = container.ports() == null ? List.of() : container.ports();
            if (declaredPorts.size() > MAX_PORTS) {
                throw new AppValidationException(at + ".ports", "at most " + MAX_PORTS + " ports per container");
            }
            for (int p = 0; p < declaredPorts.size(); p++) {
                String portAt = at + ".ports[" + p + "]";
                AppSpec.Port port = required(declaredPorts.get(p), portAt);
                name(port.name(), portAt + ".name", 15);
                if (!port.name().matches(".*[a-z].*") || port.name().contains("--")) {
                    throw new AppValidationException(portAt + ".name", "a port name needs a letter and no \"--\"");
                }
                // Kubernetes wants port names unique in the whole pod, not only in one container.
                if (!portNames.add(port.name())) {
                    throw new AppValidationException(portAt + ".name", "port name \"" + port.name() + "\" is used twice in the pod");
                }
                if (port.port() == null || port.port() < 1 || port.port() > 65535) {
                    throw new AppValidationException(portAt + ".port", "must be 1..65535"
                            + (port.port() == null ? " (missing)" : ", not " + port.port()));
                }
                // Containers of a pod share one network namespace: a port number may be used once in the pod.
                if (!ports.add(port.port()) || !allPorts.add(port.port())) {
                    throw new AppValidationException(portAt + ".port", "port " + port.port() + " is used twice in the pod");
                }
            }
            text(container.gpu(), at + ".gpu");
            if (container.gpu() != null && !gpus.containsKey(container.gpu())) {
                throw new AppValidationException(at + ".gpu", "must be one of " + gpus.keySet() + ", not \"" + container.gpu() + "\"");
            }
            List<AppSpec.VolumeMount> mounts = container.volumeMounts() == null ? List.of() : container.volumeMounts();
            if (mounts.size() > MAX_MOUNTS) {
                throw new AppValidationException(at + ".volumeMounts", "at most " + MAX_MOUNTS + " mounts per container");
            }
            Set<String> paths = new HashSet<>();
            for (int m = 0; m < mounts.size(); m++) {
                String mountAt = at + ".volumeMounts[" + m + "]";
                AppSpec.VolumeMount mount = required(mounts.get(m), mountAt);
                text(mount.name(), mountAt + ".name");
                if (mount.name() == null || !volumes.contains(mount.name())) {
                    throw new AppValidationException(mountAt + ".name", "must name a volume declared under volumes"
                            + (volumes.isEmpty() ? " (none is)" : " " + volumes) + ", not "
                            + (mount.name() == null ? "missing" : "\"" + mount.name() + "\""));
                }
                String path = mount.mountPath();
                MountPaths.problem(path).ifPresent(problem -> {
                    throw new AppValidationException(mountAt + ".mountPath", problem);
                });
                if (!paths.add(path)) {
                    throw new AppValidationException(mountAt + ".mountPath", "\"" + path + "\" is mounted twice");
                }
            }
            checkEnv(container.env(), at + ".env");
            checkResources(container.resources(), at + ".resources");
            checkProbe(container.readinessProbe(), ports, at + ".readinessProbe");
        }
    }

    private static void checkEnv(List<AppSpec.EnvVar> env, String at) {
        if (env == null) {
            return;
        }
        if (env.size() > MAX_ENV) {
            throw new AppValidationException(at, "at most " + MAX_ENV + " variables");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < env.size(); i++) {
            AppSpec.EnvVar var = required(env.get(i), at + "[" + i + "]");
            text(var.name(), at + "[" + i + "].name");
            if (var.name() == null || !ENV_NAME.matcher(var.name()).matches()) {
                throw new AppValidationException(at + "[" + i + "].name", "must be a valid environment variable name");
            }
            if (!seen.add(var.name())) {
                throw new AppValidationException(at + "[" + i + "].name", "\"" + var.name() + "\" is set twice");
            }
            if (var.value() == null) {
                throw new AppValidationException(at + "[" + i + "].value", "missing (use \"\" for an empty value)");
            }
            if (var.value().length() > MAX_ENV_VALUE) {
                throw new AppValidationException(at + "[" + i + "].value", "at most " + MAX_ENV_VALUE + " characters");
            }
            text(var.value(), at + "[" + i + "].value");
        }
    }

    private static void checkResources(AppSpec.Resources resources, String at) {
        if (resources == null) {
            return;
        }
        Map<String, Quantity> requests = new HashMap<>();
        Map<String, Quantity> limits = new HashMap<>();
        amounts(resources.requests(), at + ".requests", requests);
        amounts(resources.limits(), at + ".limits", limits);
        for (Map.Entry<String, Quantity> request : requests.entrySet()) {
            Quantity limit = limits.get(request.getKey());
            if (limit != null && request.getValue().getNumber().compareTo(limit.getNumber()) > 0) {
                throw new AppValidationException(at + ".requests." + request.getKey(), "must not exceed the limit");
            }
        }
    }

    private static void amounts(AppSpec.Amounts amounts, String at, Map<String, Quantity> into) {
        if (amounts == null) {
            return;
        }
        quantity(amounts.cpu(), at + ".cpu", "cpu", into);
        quantity(amounts.memory(), at + ".memory", "memory", into);
    }

    private static void quantity(String value, String at, String key, Map<String, Quantity> into) {
        if (value == null) {
            return;
        }
        Quantity quantity;
        String example = "not a Kubernetes quantity (e.g. 500m, 2, 256Mi, 1Gi): \"" + value + "\"";
        if (!QUANTITY.matcher(value).matches()) {
            throw new AppValidationException(at, example);
        }
        try {
            quantity = Quantity.fromString(value);
        } catch (RuntimeException e) {
            throw new AppValidationException(at, example);
        }
        if (quantity.getNumber().signum() <= 0) {
            throw new AppValidationException(at, "must be more than 0");
        }
        BigDecimal max = key.equals("cpu") ? MAX_CPU : MAX_MEMORY;
        if (quantity.getNumber().compareTo(max) > 0) {
            throw new AppValidationException(at, "at most " + (key.equals("cpu") ? "1024 (CPUs)" : "4Ti") + ", not " + value);
        }
        into.put(key, quantity);
    }

    private static void checkProbe(AppSpec.Probe probe, Set<Integer> ports, String at) {
        if (probe == null) {
            return;
        }
        text(probe.path(), at + ".path");
        if (probe.path() == null || !probe.path().startsWith("/") || probe.path().length() > 1024 || probe.path().contains(" ")) {
            throw new AppValidationException(at + ".path", "must be an HTTP path starting with /, without spaces");
        }
        if (probe.port() == null || !ports.contains(probe.port())) {
            throw new AppValidationException(at + ".port", "must be one of the container's ports " + ports);
        }
        if (probe.initialDelaySeconds() != null && (probe.initialDelaySeconds() < 0 || probe.initialDelaySeconds() > 3600)) {
            throw new AppValidationException(at + ".initialDelaySeconds", "must be 0..3600");
        }
        if (probe.periodSeconds() != null && (probe.periodSeconds() < 1 || probe.periodSeconds() > 3600)) {
            throw new AppValidationException(at + ".periodSeconds", "must be 1..3600");
        }
    }

    private static void checkExposure(ServiceDocument document, AppSpec spec) {
        if (document.exposedService() == null && document.exposedPort() == null) {
            return;
        }
        if (document.exposedService() == null) {
            throw new AppValidationException("exposed_service", "required when exposed_port is set");
        }
        AppSpec.Container exposed = spec.containers().stream().filter(c -> c.name().equals(document.exposedService()))
                .findFirst().orElseThrow(() -> new AppValidationException("exposed_service",
                        "must name a container of the deployment, not \"" + document.exposedService() + "\""));
        List<Integer> ports = exposed.ports() == null ? List.of() : exposed.ports().stream().map(AppSpec.Port::port).toList();
        if (document.exposedPort() == null) {
            if (ports.size() != 1) {
                throw new AppValidationException("exposed_port", "required: container \"" + exposed.name()
                        + "\" declares " + ports.size() + " ports");
            }
            return;
        }
        if (!ports.contains(document.exposedPort())) {
            throw new AppValidationException("exposed_port", "must be a port container \"" + exposed.name()
                    + "\" declares " + ports + ", not " + document.exposedPort());
        }
    }

    private static <T> T required(T value, String at) {
        if (value == null) {
            throw new AppValidationException(at, "must not be empty");
        }
        return value;
    }

    /** {@link UserText}'s rule for one field. */
    private static void text(String value, String at) {
        UserText.problem(value).ifPresent(problem -> {
            throw new AppValidationException(at, "must be one line of printable text: it " + problem);
        });
    }

    private static void name(String name, String at, int max) {
        if (name == null || name.length() > max || !AppIds.isDnsLabel(name)) {
            throw new AppValidationException(at, "must be a DNS-1123 label of at most " + max
                    + " characters (lowercase letters, digits, '-'), not " + (name == null ? "missing" : "\"" + name + "\""));
        }
    }

    private static void image(String image, String at) {
        if (image == null || image.isBlank()) {
            throw new AppValidationException(at, "the image is missing");
        }
        try {
            ImageReference.parse(image);
        } catch (InvalidImageReferenceException e) {
            throw new AppValidationException(at, "not an image reference: " + e.getMessage());
        }
    }

    /** The port the Service exposes, when the document exposes one. */
    public static Integer exposedPort(ValidApp service) {
        ServiceDocument document = service.document();
        if (document.exposedService() == null) {
            return null;
        }
        if (document.exposedPort() != null) {
            return document.exposedPort();
        }
        return service.spec().containers().stream().filter(c -> c.name().equals(document.exposedService()))
                .findFirst().orElseThrow().ports().get(0).port();
    }
}
