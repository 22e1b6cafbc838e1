package dev.deckhand.tasks;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.deckhand.cluster.DeckhandLabels;
import dev.deckhand.cluster.KubernetesCalls;
import dev.deckhand.cluster.LeanReads;
import dev.deckhand.cluster.ListSource;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks of one kind as {@code <plural>.deckhand.dev/v1} custom resources, through the official client's
 * {@link CustomObjectsApi}. Each kind's store is this class with the kind's {@link Resource}.
 *
 * <p>Bodies are rendered with Deckhand's JSON mapper and handed to the client as a JSON tree, and answers are read
 * into Deckhand's records ({@link LeanReads}), so numbers stay integers (the client's untyped maps would turn them
 * into doubles). Status goes only through {@code /status}, with a body that carries no spec: a real API server takes
 * nothing but the status from it, and a cancel (a spec write) is never undone by a status write.
 *
 * @param <T> the kind's task
 * @param <P> its spec
 * @param <S> its status
 */
public class KubernetesTaskStore<T extends StoredTask<T, P, S>, P extends TaskSpec, S extends TaskStatus>
        implements TaskStore<T> {

    public static final String GROUP = "deckhand.dev";
    public static final String VERSION = "v1";

    /**
     * A kind's custom resource.
     *
     * @param plural the resource's plural ({@code prewarmtasks})
     * @param kind   its kind ({@code PrewarmTask})
     * @param app    the {@code app.kubernetes.io/name} label of its objects
     * @param noun   one task in API server messages ({@code prewarm task})
     * @param spec   the spec's record
     * @param status the status' record
     * @param task   builds the kind's task from a resource's name, version, spec and status
     */
    public record Resource<T, P, S>(String plural, String kind, String app, String noun, Class<P> spec,
                                    Class<S> status, Factory<T, P, S> task) {
    }

    /** A kind's task from a stored resource. */
    @FunctionalInterface
    public interface Factory<T, P, S> {
        T of(String id, String resourceVersion, P spec, S status);
    }

    private final CustomObjectsApi api;
    private final LeanReads reads;
    private final JsonMapper json;
    private final String namespace;
    private final Resource<T, P, S> resource;
    private final Argument<TaskResource<P, S>> type;

    @SuppressWarnings({"unchecked", "rawtypes"})
    protected KubernetesTaskStore(CustomObjectsApi api, LeanReads reads, JsonMapper json, String namespace,
                                  Resource<T, P, S> resource) {
        this.api = api;
        this.reads = reads;
        this.json = json;
        this.namespace = namespace;
        this.resource = resource;
        this.type = (Argument) Argument.of(TaskResource.class, resource.spec(), resource.status());
    }

    @Override
    public Optional<T> create(T task) {
        JsonElement tree = tree(body(task, null, labels(), true, false));
        try {
            return Optional.of(toTask(reads.get("create " + resource.noun() + " " + task.id(),
                    () -> api.createNamespacedCustomObject(GROUP, VERSION, namespace, resource.plural(), tree).buildCall(null),
                    type)));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 409)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<T> find(String id) {
        try {
            return Optional.of(toTask(reads.get("read " + resource.noun() + " " + id,
                    () -> api.getNamespacedCustomObject(GROUP, VERSION, namespace, resource.plural(), id).buildCall(null),
                    type)));
        } catch (RuntimeException e) {
            if (KubernetesCalls.hasStatus(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<T> list(ListSource source) {
        // Every object of the plural in the namespace is Deckhand's: no label selector needed.
        return reads.list("list " + resource.noun() + "s",
                        () -> api.listNamespacedCustomObject(GROUP, VERSION, namespace, resource.plural())
                                .resourceVersion(source.resourceVersion()).buildCall(null),
                        type).stream()
                .filter(r -> r.metadata() != null && r.spec() != null)
                .map(this::toTask)
                .toList();
    }

    @Override
    public T writeStatus(T task) {
        JsonElement tree = tree(body(task, task.resourceVersion(), null, false, true));
        return conditional(task.id(), "write status of " + resource.noun() + " " + task.id(),
                () -> api.replaceNamespacedCustomObjectStatus(GROUP, VERSION, namespace, resource.plural(), task.id(), tree)
                        .buildCall(null));
    }

    @Override
    public T writeSpec(T task) {
        // The status read is sent along: a real API server ignores it here, a store without a status subresource
        // (the sandbox) keeps it instead of dropping it.
        JsonElement tree = tree(body(task, task.resourceVersion(), labels(), true, true));
        return conditional(task.id(), "write " + resource.noun() + " " + task.id(),
                () -> api.replaceNamespacedCustomObject(GROUP, VERSION, namespace, resource.plural(), task.id(), tree)
                        .buildCall(null));
    }

    private T conditional(String id, String what, LeanReads.ReadRequest request) {
        try {
            return toTask(reads.get(what, request, type));
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

    private TaskResource<P, S> body(T task, String resourceVersion, Map<String, String> labels, boolean withSpec,
                                    boolean withStatus) {
        return new TaskResource<>(GROUP + "/" + VERSION, resource.kind(),
                new TaskResource.Meta(task.id(), namespace, resourceVersion, labels),
                withSpec ? task.spec() : null, withStatus ? task.status() : null);
    }

    private T toTask(TaskResource<P, S> stored) {
        return resource.task().of(stored.metadata().name(), stored.metadata().resourceVersion(), stored.spec(),
                stored.status());
    }

    private Map<String, String> labels() {
        return Map.of(DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE, DeckhandLabels.NAME, resource.app());
    }

    private JsonElement tree(TaskResource<P, S> body) {
        try {
            return JsonParser.parseString(new String(json.writeValueAsBytes(type, body), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render a " + resource.noun(), e);
        }
    }
}
