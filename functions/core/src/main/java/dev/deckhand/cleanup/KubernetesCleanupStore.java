package dev.deckhand.cleanup;

import dev.deckhand.cluster.ListSource;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.deckhand.agents.AgentSettings;
import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.prewarm.StaleTaskException;
import dev.deckhand.prewarm.TaskNotFoundException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cleanups as {@code cleanuptasks.deckhand.dev/v1} custom resources, through the official client's
 * {@link CustomObjectsApi}; stored the way {@link dev.deckhand.prewarm.KubernetesPrewarmStore} stores prewarm tasks
 * (bodies rendered by Deckhand's mapper so numbers stay integers; status only through {@code /status}).
 */
@Singleton
public class KubernetesCleanupStore implements CleanupStore {

    public static final String GROUP = "deckhand.dev";
    public static final String VERSION = "v1";
    public static final String PLURAL = "cleanuptasks";
    public static final String KIND = "CleanupTask";
    static final String APP = "deckhand-cleanup";

    private final CustomObjectsApi api;
    private final LeanReads reads;
    private final JsonMapper json;
    private final String namespace;

    public KubernetesCleanupStore(CustomObjectsApi api, LeanReads reads, JsonMapper json, AgentSettings settings) {
        this.api = api;
        this.reads = reads;
        this.json = json;
        this.namespace = settings.namespace();
    }

    @Override
    public Optional<CleanupTask> create(CleanupTask task) {
        JsonElement tree = tree(new CleanupResource(GROUP + "/" + VERSION, KIND,
                new CleanupResource.Meta(task.id(), namespace, null, labels()), task.spec(), null));
        try {
            return Optional.of(reads.get("create cleanup " + task.id(),
                    () -> api.createNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, tree).buildCall(null),
                    CleanupResource.class).toTask());
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<CleanupTask> find(String id) {
        try {
            return Optional.of(reads.get("read cleanup " + id,
                    () -> api.getNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, id).buildCall(null),
                    CleanupResource.class).toTask());
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<CleanupTask> list(ListSource source) {
        return reads.list("list cleanups",
                        () -> api.listNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL)
                                .resourceVersion(source.resourceVersion()).buildCall(null),
                        CleanupResource.class).stream()
                .filter(r -> r.metadata() != null && r.spec() != null)
                .map(CleanupResource::toTask)
                .toList();
    }

    @Override
    public CleanupTask writeStatus(CleanupTask task) {
        JsonElement tree = tree(new CleanupResource(GROUP + "/" + VERSION, KIND,
                new CleanupResource.Meta(task.id(), namespace, task.resourceVersion(), null), null, task.status()));
        return conditional(task.id(), "write status of cleanup " + task.id(),
                () -> api.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, PLURAL, task.id(), tree).buildCall(null));
    }

    @Override
    public CleanupTask writeSpec(CleanupTask task) {
        // The status read goes along: a real API server ignores it here, a store without a status subresource keeps it.
        JsonElement tree = tree(new CleanupResource(GROUP + "/" + VERSION, KIND,
                new CleanupResource.Meta(task.id(), namespace, task.resourceVersion(), labels()), task.spec(), task.status()));
        return conditional(task.id(), "write cleanup " + task.id(),
                () -> api.replaceNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, task.id(), tree).buildCall(null));
    }

    private CleanupTask conditional(String id, String what, LeanReads.ReadRequest request) {
        try {
            return reads.get(what, request, CleanupResource.class).toTask();
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                throw new StaleTaskException(id, e);
            }
            if (KubernetesCalls.hasStatus(e, 404)) {
                throw new TaskNotFoundException(id);
            }
            throw e;
        }
    }

    private static Map<String, String> labels() {
        return Map.of(DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE, DeckhandLabels.NAME, APP);
    }

    private JsonElement tree(Object body) {
        try {
            return JsonParser.parseString(new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render a cleanup", e);
        }
    }
}
