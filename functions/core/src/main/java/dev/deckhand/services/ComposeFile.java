package dev.deckhand.services;

import java.util.List;
import java.util.Map;

/**
 * The accepted shape of a compose file (the seed's docker-compose.yml role): {@code services: {name: {image, ports,
 * environment, deploy: {replicas}, command}}}. Any other key is an error naming its path.
 */
public record ComposeFile(Map<String, Service> services) {

    /**
     * @param ports       {@code "NODEPORT:CONTAINERPORT"} or {@code CONTAINERPORT} (the cluster assigns the node port)
     * @param environment scalar values (numbers and booleans are taken as written)
     * @param command     a list of arguments, or one string split at blanks
     */
    public record Service(String image, List<Object> ports, Map<String, Object> environment, Deploy deploy, Object command) {
    }

    public record Deploy(Integer replicas) {
    }
}
