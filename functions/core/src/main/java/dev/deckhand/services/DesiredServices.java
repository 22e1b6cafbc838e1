package dev.deckhand.services;

import dev.deckhand.cluster.KubernetesCalls;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The desired services: the compose file at {@code deckhand.services.desired-file}, or the key
 * {@code desired-config-map-key} of the ConfigMap {@code desired-config-map} in the services' namespace.
 * Empty when neither is configured, or the ConfigMap does not exist.
 */
@Singleton
public class DesiredServices {

    private final ServicesSettings settings;
    private final CoreV1Api core;

    public DesiredServices(ServicesSettings settings, CoreV1Api core) {
        this.settings = settings;
        this.core = core;
    }

    /**
     * @throws dev.deckhand.yaml.YamlDocumentException when the document is not a valid compose file (the message names the path)
     * @throws IllegalStateException when the source cannot be read
     */
    public Optional<Map<String, ServiceSpec>> load() {
        String text;
        String source;
        if (settings.desiredFile() != null && !settings.desiredFile().isBlank()) {
            source = settings.desiredFile();
            try {
                text = Files.readString(Path.of(settings.desiredFile()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + source + ": " + e.getMessage(), e);
            }
        } else if (settings.desiredConfigMap() != null && !settings.desiredConfigMap().isBlank()) {
            source = "ConfigMap " + settings.namespace() + "/" + settings.desiredConfigMap();
            V1ConfigMap map;
            try {
                map = KubernetesCalls.call("read " + source,
                        () -> core.readNamespacedConfigMap(settings.desiredConfigMap(), settings.namespace()).execute());
            } catch (RuntimeException e) {
                if (KubernetesCalls.hasStatus(e, 404)) {
                    // Not created yet: no services declared, and none removed (as when no source is configured).
                    return Optional.empty();
                }
                throw e;
            }
            text = map.getData() == null ? null : map.getData().get(settings.desiredConfigMapKey());
            if (text == null) {
                throw new IllegalStateException(source + " has no key " + settings.desiredConfigMapKey());
            }
        } else {
            return Optional.empty();
        }
        return Optional.of(ComposeServices.parse(text, settings.nodePortMin(), settings.nodePortMax()));
    }

    /** Where the desired services come from, for messages. */
    public String source() {
        if (settings.desiredFile() != null && !settings.desiredFile().isBlank()) {
            return settings.desiredFile();
        }
        return settings.desiredConfigMap() == null ? "none" : "ConfigMap " + settings.desiredConfigMap();
    }
}
