package dev.deckhand.apps;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Service documents as {@code servicedocuments.deckhand.dev/v1} custom resources named by the service id, in the
 * deployments namespace, carrying the service's labels (so {@code kubectl get servicedocuments -l
 * deckhand.dev/service-id=ID} finds it with the rest).
 */
@Singleton
public class KubernetesServiceDocumentStore implements ServiceDocumentStore {

    public static final String GROUP = "deckhand.dev";
    public static final String VERSION = "v1";
    public static final String PLURAL = "servicedocuments";
    public static final String KIND = "ServiceDocument";

    private final CustomObjectsApi api;
    private final LeanReads reads;
    private final JsonMapper json;
    private final String namespace;

    public KubernetesServiceDocumentStore(CustomObjectsApi api, LeanReads reads, JsonMapper json, AppSettings settings) {
        this.api = api;
        this.reads = reads;
        this.json = json;
        this.namespace = settings.namespace();
    }

    @Override
    public Optional<ServiceDocument> find(String id) {
        return read(id).map(DocumentResource::spec);
    }

    @Override
    public Map<String, ServiceDocument> all() {
        Map<String, ServiceDocument> all = new TreeMap<>();
        reads.list("list service documents", () -> api.listNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL).buildCall(null),
                DocumentResource.class).forEach(r -> all.put(r.metadata().name(), r.spec()));
        return all;
    }

    private Optional<DocumentResource> read(String id) {
        try {
            return Optional.of(reads.get("read service document " + id,
                    () -> api.getNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, id).buildCall(null), DocumentResource.class));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void save(String id, ServiceDocument document) {
        for (int attempt = 1; ; attempt++) {
            Optional<DocumentResource> live = read(id);
            DocumentResource body = new DocumentResource(GROUP + "/" + VERSION, KIND, new DocumentResource.Meta(id, namespace,
                    live.map(r -> r.metadata().resourceVersion()).orElse(null), AppRenderer.labels(id)), document);
            JsonElement tree = tree(body);
            try {
                if (live.isEmpty()) {
                    KubernetesCalls.call("create service document " + id,
                            () -> api.createNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, tree).execute());
                } else {
                    KubernetesCalls.call("replace service document " + id,
                            () -> api.replaceNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, id, tree).execute());
                }
                return;
            } catch (RuntimeException e) {
                // Written by someone else between the read and the write: read again, once.
                if (!KubernetesCalls.hasStatus(e, 409) || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    @Override
    public boolean delete(String id) {
        try {
            KubernetesCalls.call("delete service document " + id,
                    () -> api.deleteNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, id).execute());
            return true;
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return false;
            }
            throw e;
        }
    }

    private JsonElement tree(Object body) {
        try {
            return JsonParser.parseString(new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render a service document", e);
        }
    }
}
