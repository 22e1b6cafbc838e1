package dev.deckhand.services;

import dev.deckhand.agent.api.ImageReference;
import dev.deckhand.agent.api.InvalidImageReferenceException;
import dev.deckhand.yaml.StrictYaml;
import dev.deckhand.yaml.YamlDocumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a compose file into desired service specs, by name; every problem names its path. */
public final class ComposeServices {

    /** A DNS-1035 label, as a Service name must be. */
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern PORT = Pattern.compile("(?:(\\d{1,5}):)?(\\d{1,5})");
    private static final int MAX_REPLICAS = 1000;

    private ComposeServices() {
    }

    /** The desired services of a compose document, in file order. */
    public static Map<String, ServiceSpec> parse(String yaml, int nodePortMin, int nodePortMax) {
        ComposeFile file = StrictYaml.read(yaml, ComposeFile.class);
        if (file.services() == null) {
            throw new YamlDocumentException("services", "is missing (a mapping of service name to service)");
        }
        Map<String, ServiceSpec> specs = new LinkedHashMap<>();
        Set<Integer> nodePorts = new HashSet<>();
        for (Map.Entry<String, ComposeFile.Service> entry : file.services().entrySet()) {
            String name = entry.getKey();
            String at = "services." + name;
            if (!NAME.matcher(name).matches()) {
                throw new YamlDocumentException(at, "service name must be a DNS label: lowercase letters, digits and '-', "
                        + "starting with a letter, at most 63 characters");
            }
            ComposeFile.Service service = entry.getValue();
            if (service == null) {
                throw new YamlDocumentException(at, "is empty; it needs at least an image");
            }
            specs.put(name, spec(service, at, nodePortMin, nodePortMax, nodePorts));
        }
        return specs;
    }

    private static ServiceSpec spec(ComposeFile.Service service, String at, int nodePortMin, int nodePortMax, Set<Integer> nodePorts) {
        if (service.image() == null) {
            throw new YamlDocumentException(at + ".image", "is missing");
        }
        try {
            ImageReference.parse(service.image());
        } catch (InvalidImageReferenceException e) {
            throw new YamlDocumentException(at + ".image", e.getMessage());
        }
        int replicas = 1;
        if (service.deploy() != null && service.deploy().replicas() != null) {
            replicas = service.deploy().replicas();
            if (replicas < 0 || replicas > MAX_REPLICAS) {
                throw new YamlDocumentException(at + ".deploy.replicas", "must be 0 to " + MAX_REPLICAS);
            }
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (service.environment() != null) {
            for (Map.Entry<String, Object> variable : service.environment().entrySet()) {
                Object value = variable.getValue();
                if (value instanceof Map || value instanceof List) {
                    throw new YamlDocumentException(at + ".environment." + variable.getKey(), "must be a string, number or boolean");
                }
                environment.put(variable.getKey(), value == null ? "" : String.valueOf(value));
            }
        }
        List<PortMapping> ports = new ArrayList<>();
        Set<Integer> containerPorts = new HashSet<>();
        if (service.ports() != null) {
            for (int i = 0; i < service.ports().size(); i++) {
                String where = at + ".ports[" + i + "]";
                PortMapping port = port(service.ports().get(i), where);
                if (port.containerPort() < 1 || port.containerPort() > 65535) {
                    throw new YamlDocumentException(where, "container port must be 1 to 65535");
                }
                if (!containerPorts.add(port.containerPort())) {
                    throw new YamlDocumentException(where, "container port " + port.containerPort() + " is published twice");
                }
                if (port.nodePort() != null) {
                    if (port.nodePort() < nodePortMin || port.nodePort() > nodePortMax) {
                        throw new YamlDocumentException(where, "node port " + port.nodePort() + " is outside the cluster's node port range "
                                + nodePortMin + "-" + nodePortMax);
                    }
                    if (!nodePorts.add(port.nodePort())) {
                        throw new YamlDocumentException(where, "node port " + port.nodePort() + " is already published by another service");
                    }
                }
                ports.add(port);
            }
        }
        return new ServiceSpec(service.image(), replicas, environment, ports, command(service.command(), at + ".command"));
    }

    private static PortMapping port(Object value, String where) {
        if (value instanceof Integer number) {
            return new PortMapping(number, null);
        }
        if (value instanceof String text) {
            var matcher = PORT.matcher(text.trim());
            if (matcher.matches()) {
                Integer nodePort = matcher.group(1) == null ? null : Integer.valueOf(matcher.group(1));
                return new PortMapping(Integer.parseInt(matcher.group(2)), nodePort);
            }
        }
        throw new YamlDocumentException(where, "must be \"NODEPORT:CONTAINERPORT\" or a container port, got " + value);
    }

    private static List<String> command(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        }
        if (value instanceof List<?> list) {
            List<String> args = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String arg)) {
                    throw new YamlDocumentException(where + "[" + i + "]", "must be a string");
                }
                args.add(arg);
            }
            return args;
        }
        throw new YamlDocumentException(where, "must be a string or a list of strings");
    }
}
