package dev.deckhand.prewarm;

import dev.deckhand.cluster.ListSource;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.deckhand.agents.AgentSettings;
import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
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
 * Tasks as {@code prewarmtasks.deckhand.dev/v1} custom resources, through the official client's
 * {@link CustomObjectsApi}. The only class that knows how tasks are stored.
 *
 * <p>Bodies are rendered with Deckhand's JSON mapper and handed to the client as a JSON tree, and answers are read
 * into Deckhand's records ({@link LeanReads}), so numbers stay integers (the client's untyped maps would turn them
 * into doubles). Status goes only through {@code /status}, with a body that carries no spec: a real API server takes
 * nothing but the status from it, and a cancel (a spec write) is never undone by a status write.
 */
@Singleton
public class KubernetesPrewarmStore implements PrewarmStore {

    public static final String GROUP = "deckhand.dev";
    public static final String VERSION = "v1";
    public static final String PLURAL = "prewarmtasks";
    public static final String KIND = "PrewarmTask";
    static final String APP = "deckhand-prewarm";

    private final CustomObjectsApi api;
    private final LeanReads reads;
    private final JsonMapper json;
    private final String namespace;

    public KubernetesPrewarmStore(CustomObjectsApi api, LeanReads reads, JsonMapper json, AgentSettings settings) {
        this.api = api;
        this.reads = reads;
        this.json = json;
        this.namespace = settings.namespace();
    }

    @Override
    public Optional<PrewarmTask> create(PrewarmTask task) {
        TaskResource body = new TaskResource(GROUP + "/" + VERSION, KIND,
                new TaskResource.Meta(task.id(), namespace, null, labels()), task.spec(), null);
        JsonElement tree = tree(body);
        try {
            return Optional.of(reads.get("create prewarm task " + task.id(),
                    () -> api.createNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, tree).buildCall(null),
                    TaskResource.class).toTask());
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<PrewarmTask> find(String id) {
        try {
            return Optional.of(reads.get("read prewarm task " + id,
                    () -> api.getNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, id).buildCall(null),
                    TaskResource.class).toTask());
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<PrewarmTask> list(ListSource source) {
        // Every prewarmtasks object in the namespace is Deckhand's: no label selector needed.
        return reads.list("list prewarm tasks",
                        () -> api.listNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL)
                                .resourceVersion(source.resourceVersion()).buildCall(null),
                        TaskResource.class).stream()
                .filter(r -> r.metadata() != null && r.spec() != null)
                .map(TaskResource::toTask)
                .toList();
    }

    @Override
    public PrewarmTask writeStatus(PrewarmTask task) {
        TaskResource body = new TaskResource(GROUP + "/" + VERSION, KIND,
                new TaskResource.Meta(task.id(), namespace, task.resourceVersion(), null), null, task.status());
        JsonElement tree = tree(body);
        return conditional(task.id(), "write status of prewarm task " + task.id(),
                () -> api.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, PLURAL, task.id(), tree).buildCall(null));
    }

    @Override
    public PrewarmTask writeSpec(PrewarmTask task) {
        // The status read is sent along: a real API server ignores it here, a store without a status subresource
        // (the sandbox) keeps it instead of dropping it.
        TaskResource body = new TaskResource(GROUP + "/" + VERSION, KIND,
                new TaskResource.Meta(task.id(), namespace, task.resourceVersion(), labels()), task.spec(), task.status());
        JsonElement tree = tree(body);
        return conditional(task.id(), "write prewarm task " + task.id(),
                () -> api.replaceNamespacedCustomObject(GROUP, VERSION, namespace, PLURAL, task.id(), tree).buildCall(null));
    }

    private PrewarmTask conditional(String id, String what, LeanReads.ReadRequest request) {
        try {
            return reads.get(what, request, TaskResource.class).toTask();
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
            throw new UncheckedIOException("cannot render a prewarm task", e);
        }
    }
}
