package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Node ports of Services as a real API server allocates them (its Service registry's port allocator over
 * {@code --service-node-port-range}, default {@value #MIN}-{@value #MAX}), which the mock does not do.
 *
 * <p>A Service of type NodePort or LoadBalancer holds one node port per port, unique across the cluster. A write that
 * asks for a node port outside the range, or one another Service holds, is refused with the real 422 Invalid:
 * {@code Service "x" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated}
 * (or {@code provided port is not in the valid range. The range of valid ports is 30000-32767}). A port that asks for
 * none gets a free one; on an update it first keeps the node port of the stored port of the same name, as a real
 * server does for clients that resubmit what they created. A node port the Service already held stays valid.
 * ClusterIP and headless Services hold none.
 */
final class NodePortAdmission {

    static final String RESOURCE = "services";
    static final int MIN = 30000;
    static final int MAX = 32767;

    private static final ObjectMapper JSON = new ObjectMapper();

    private NodePortAdmission() {
    }

    /**
     * The Service to store: {@code nextJson} with node ports allocated where it asks for none, or the same string when
     * nothing was added. Throws {@link ApiRefusal} for a node port that cannot be had.
     *
     * @param storedJson    the Service as stored before this write; null for a create
     * @param otherServices every other stored Service, as JSON
     */
    static String admit(String storedJson, String nextJson, Collection<String> otherServices) {
        JsonNode next = ClaimAdmission.read(nextJson);
        if (!holdsNodePorts(next) || !(next.path("spec").get("ports") instanceof ArrayNode ports)) {
            return nextJson;
        }
        String name = next.path("metadata").path("name").asText();
        Set<Integer> held = new HashSet<>();
        for (String other : otherServices) {
            held.addAll(nodePorts(ClaimAdmission.read(other)));
        }
        JsonNode stored = storedJson == null ? null : ClaimAdmission.read(storedJson);
        Set<Integer> own = stored == null ? Set.of() : nodePorts(stored);
        Map<String, Integer> ownByName = new HashMap<>();
        if (stored != null && holdsNodePorts(stored)) {
            for (JsonNode port : stored.path("spec").path("ports")) {
                ownByName.putIfAbsent(port.path("name").asText(""), port.path("nodePort").asInt(0));
            }
        }
        Set<Integer> asked = new HashSet<>(nodePorts(next));
        boolean changed = false;
        for (int i = 0; i < ports.size(); i++) {
            if (!(ports.get(i) instanceof ObjectNode port)) {
                continue;
            }
            int nodePort = port.path("nodePort").asInt(0);
            if (nodePort == 0) {
                Integer kept = ownByName.get(port.path("name").asText(""));
                nodePort = kept != null && kept != 0 && !asked.contains(kept) ? kept : free(held, asked);
                port.put("nodePort", nodePort);
                asked.add(nodePort);
                changed = true;
            } else if (!own.contains(nodePort)) {
                String field = "spec.ports[" + i + "].nodePort";
                if (nodePort < MIN || nodePort > MAX) {
                    throw ApiRefusal.invalidValue("Service", name, field, nodePort,
                            "provided port is not in the valid range. The range of valid ports is " + MIN + "-" + MAX);
                }
                if (held.contains(nodePort)) {
                    throw ApiRefusal.invalidValue("Service", name, field, nodePort, "provided port is already allocated");
                }
            }
        }
        return changed ? next.toString() : nextJson;
    }

    /** {@code namespace/name} of a Service, as {@link IndexedCrudDispatcher#stored} keys it. */
    static String key(String serviceJson) {
        JsonNode meta = ClaimAdmission.read(serviceJson).path("metadata");
        return meta.path("namespace").asText() + "/" + meta.path("name").asText();
    }

    /** NodePort and LoadBalancer Services hold node ports; ClusterIP, headless and ExternalName ones do not. */
    private static boolean holdsNodePorts(JsonNode service) {
        String type = service.path("spec").path("type").asText("ClusterIP");
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    private static Set<Integer> nodePorts(JsonNode service) {
        Set<Integer> ports = new HashSet<>();
        if (holdsNodePorts(service)) {
            for (JsonNode port : service.path("spec").path("ports")) {
                int nodePort = port.path("nodePort").asInt(0);
                if (nodePort != 0) {
                    ports.add(nodePort);
                }
            }
        }
        return ports;
    }

    /**
     * The highest free node port. A real server picks a random one, preferring the upper part of the range (the lower
     * part is kept for ports clients ask for by number); the sandbox is deterministic, so that tests and demos that
     * name low ports never meet one it handed out.
     */
    private static int free(Set<Integer> held, Set<Integer> asked) {
        for (int candidate = MAX; candidate >= MIN; candidate--) {
            if (!held.contains(candidate) && !asked.contains(candidate)) {
                return candidate;
            }
        }
        throw ApiRefusal.internalError("failed to allocate a nodePort: range is full");
    }
}
