package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fabric8 CRUD dispatcher with indexes, in-process reads, and real status semantics for clients.
 *
 * <p>Index: the stock dispatcher finds one object by scanning every stored object and matching attribute sets,
 * so every create, get, replace and patch costs O(objects) (a GET of one node among 5,000 took 5 ms). This
 * subclass keeps an index from (plural, name) to the stored attribute sets and answers those lookups from it.
 * The index is only a shortcut: a candidate is still checked with the stock matching rule, so the answers are
 * the stock dispatcher's. If the index ever disagrees with the stored map (an internal change of the mock in a
 * future version), it switches itself off and every lookup scans again ({@link #indexTrusted()}).
 *
 * <p>In-process reads: it also keeps the stored JSON of every object by resource ({@code pods},
 * {@code deployments.apps}, ...), which the node simulator reads directly instead of listing or watching over
 * HTTP ({@link #stored(String)}).
 *
 * <p>Status: for built-in kinds the stock mock stores whatever status a create or a replace sends, so a client's
 * create-or-replace of a Deployment would wipe the status the simulator wrote. A real API server ignores
 * {@code status} on writes to the main resource. This dispatcher does the same for requests from clients
 * (every request not made by the sandbox itself), for the built-in kinds that have a status subresource. The
 * sandbox's own client (seeding, simulator) still creates objects with a status, as the kubelet and the
 * controllers would have written it.
 *
 * <p>Refusals: a client's update of a PersistentVolumeClaim is checked against the stored claim as a real API server
 * checks it ({@link ClaimAdmission#checkUpdate}), before anything is stored; a refusal answers the real Status. Every
 * write of a Service gets its node ports as a real API server allocates them ({@link NodePortAdmission}): a node port
 * out of range or held by another Service is refused, one asked for by none is allocated, and the answer shows it.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;
    private static final String NAME = KubernetesAttributesExtractor.NAME;
    private static final String NAMESPACE = KubernetesAttributesExtractor.NAMESPACE;
    private static final String API = KubernetesAttributesExtractor.API;

    /** Built-in resources whose status a real API server only takes through {@code /status}. */
    static final Set<String> BUILT_IN_STATUS_SUBRESOURCE = Set.of(
            "pods", "nodes", "namespaces", "services", "persistentvolumeclaims", "persistentvolumes",
            "replicationcontrollers", "resourcequotas",
            "deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps",
            "jobs.batch", "cronjobs.batch", "horizontalpodautoscalers.autoscaling",
            "poddisruptionbudgets.policy", "ingresses.networking.k8s.io");

    /** Whether the request being dispatched on this thread comes from a client (not from the sandbox). */
    private static final ThreadLocal<Boolean> CLIENT_REQUEST = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** The state stored for the write being dispatched on this thread when it differs from the body the mock answers. */
    private static final ThreadLocal<String> ADMITTED = new ThreadLocal<>();

    /** (plural attribute, name attribute) -> stored attribute set -> stored JSON. Values are immutable maps. */
    private final ConcurrentHashMap<List<Attribute>, Map<AttributeSet, String>> index = new ConcurrentHashMap<>();
    /** resource -> "namespace/name" (or "name") -> stored JSON. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> byResource = new ConcurrentHashMap<>();
    private volatile boolean trusted = true;

    boolean indexTrusted() {
        return trusted;
    }

    /** Dispatches a request; {@code fromClient} is false for the sandbox's own requests. */
    MockResponse dispatch(RecordedRequest request, boolean fromClient) {
        CLIENT_REQUEST.set(fromClient);
        try {
            return dispatch(request);
        } catch (ApiRefusal refused) {
            return refused.response();
        } finally {
            CLIENT_REQUEST.remove();
        }
    }

    /**
     * The stored JSON of every object of a resource, e.g. {@code stored("deployments.apps")}, keyed by
     * {@code namespace/name} (or {@code name} for cluster-scoped ones): a live view, each value an immutable
     * string replaced (never mutated) on every write. Null when the index is off.
     */
    Map<String, String> stored(String resource) {
        if (!trusted) {
            return null;
        }
        return byResource.computeIfAbsent(resource, r -> new ConcurrentHashMap<>());
    }

    @Override
    public boolean isStatusSubresourceEnabledForResource(String path) {
        if (super.isStatusSubresourceEnabledForResource(path)) {
            return true;
        }
        if (!CLIENT_REQUEST.get()) {
            return false;
        }
        int q = path.indexOf('?');
        SandboxApiServer.ApiPath parsed = SandboxApiServer.ApiPath.parse(q >= 0 ? path.substring(0, q) : path);
        return parsed != null && BUILT_IN_STATUS_SUBRESOURCE.contains(parsed.resource());
    }

    /**
     * As the stock dispatcher (a new resourceVersion when anything changed), by deep equality instead of a JSON diff,
     * whose longest common subsequence over arrays is quadratic: a prewarm task's status of 5,000 nodes held the API
     * server's event loop for seconds per write.
     */
    @Override
    public void touchResourceVersion(JsonNode current, JsonNode updated) {
        if (!Objects.equals(current, updated)) {
            ((ObjectNode) updated.get("metadata")).put("resourceVersion", String.valueOf(requestResourceVersion()));
        }
    }

    /** As the stock dispatcher (a new generation when anything but metadata and status changed), without a diff. */
    @Override
    public void touchGeneration(JsonNode current, JsonNode updated) {
        if (current == null) {
            return;
        }
        Set<String> fields = new HashSet<>(current.propertyNames());
        fields.addAll(updated.propertyNames());
        fields.remove("metadata");
        fields.remove("status");
        if (fields.stream().anyMatch(f -> !Objects.equals(current.get(f), updated.get(f)))) {
            ((ObjectNode) updated.get("metadata")).put("generation", current.path("metadata").path("generation").asInt(0) + 1);
        }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        List<Attribute> key = queryKey(query);
        if (key == null || !trusted) {
            return super.findResource(query);
        }
        Map<AttributeSet, String> candidates = index.get(key);
        if (candidates == null) {
            return null;
        }
        for (Map.Entry<AttributeSet, String> candidate : candidates.entrySet()) {
            if (candidate.getKey().matches(query)) {
                return new AbstractMap.SimpleImmutableEntry<>(candidate.getKey(), candidate.getValue());
            }
        }
        return null;
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return answeringWhatWasStored(() -> super.handleCreate(request));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return answeringWhatWasStored(() -> super.handleUpdate(request));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        return answeringWhatWasStored(() -> super.handlePatch(request));
    }

    /** The mock answers a write with the body it passed to {@link #processEvent}; a real server with what it stored. */
    private static MockResponse answeringWhatWasStored(java.util.function.Supplier<MockResponse> write) {
        ADMITTED.remove();
        try {
            MockResponse response = write.get();
            String stored = ADMITTED.get();
            if (stored != null && response.code() / 100 == 2) {
                response.setBody(stored);
            }
            return response;
        } finally {
            ADMITTED.remove();
        }
    }

    @Override
    public MockResponse handleGet(String path) {
        if (trusted && !path.contains("watch=") && plainOrStatus(path)) {
            AttributeSet query = getAttributeExtractor().fromPath(path);
            if (queryKey(query) != null) {
                Map.Entry<AttributeSet, String> found = findResource(query);
                if (found == null) {
                    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
                }
                return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
            }
        }
        return super.handleGet(path);
    }

    /** A path naming an object or its {@code /status}; other subresources go the stock way. */
    private static boolean plainOrStatus(String path) {
        int q = path.indexOf('?');
        SandboxApiServer.ApiPath parsed = SandboxApiServer.ApiPath.parse(q >= 0 ? path.substring(0, q) : path);
        return parsed != null && (parsed.subresource() == null || parsed.subresource().equals("status"));
    }

    /** A path naming an object itself, not one of its subresources. */
    private static boolean plainObjectPath(String path) {
        int q = path.indexOf('?');
        SandboxApiServer.ApiPath parsed = SandboxApiServer.ApiPath.parse(q >= 0 ? path.substring(0, q) : path);
        return parsed != null && parsed.named() && parsed.subresource() == null;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String requestedState) {
        if (CLIENT_REQUEST.get() && oldAttributes != null && requestedState != null
                && ClaimAdmission.RESOURCE.equals(resourceOf(oldAttributes)) && plainObjectPath(path)) {
            // Called under the store's write lock before anything is stored: a refusal leaves the claim as it was.
            ClaimAdmission.checkUpdate(getMap().get(oldAttributes), requestedState, StorageClasses.stored(this));
        }
        String newState = admitNodePorts(path, oldAttributes, requestedState);
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (!trusted) {
            return;
        }
        if (oldAttributes != null) {
            unindex(oldAttributes);
        }
        if (newState != null) {
            // The same computation the stock dispatcher makes for the key it stores the new state under.
            KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
            AttributeSet stored = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
            if (!stored.containsKey(PLURAL)) {
                stored = AttributeSet.merge(pathAttributes, stored);
            }
            if (getMap().get(stored) != newState) {
                trusted = false;
                index.clear();
                byResource.clear();
                return;
            }
            List<Attribute> key = storedKey(stored);
            if (key != null) {
                AttributeSet finalStored = stored;
                index.compute(key, (k, old) -> {
                    Map<AttributeSet, String> next = old == null ? new HashMap<>() : new HashMap<>(old);
                    next.put(finalStored, newState);
                    return Map.copyOf(next);
                });
                byResource.computeIfAbsent(resourceOf(stored), r -> new ConcurrentHashMap<>())
                        .put(objectKey(stored), newState);
            }
        }
    }

    /** The state to store: a Service's with its node ports allocated (under the store's write lock, so none is taken twice). */
    private String admitNodePorts(String path, AttributeSet oldAttributes, String requestedState) {
        if (requestedState == null || !writesService(path)) {
            return requestedState;
        }
        String admitted = NodePortAdmission.admit(oldAttributes == null ? null : getMap().get(oldAttributes), requestedState,
                otherServices(requestedState));
        if (!admitted.equals(requestedState)) {
            ADMITTED.set(admitted);
        }
        return admitted;
    }

    /** A create, replace or patch of a Service itself (not its {@code /status}). */
    private static boolean writesService(String path) {
        int q = path.indexOf('?');
        SandboxApiServer.ApiPath parsed = SandboxApiServer.ApiPath.parse(q >= 0 ? path.substring(0, q) : path);
        return parsed != null && NodePortAdmission.RESOURCE.equals(parsed.resource()) && parsed.subresource() == null;
    }

    /** Every stored Service but the one {@code serviceJson} is a state of. */
    private java.util.Collection<String> otherServices(String serviceJson) {
        String self = NodePortAdmission.key(serviceJson);
        Map<String, String> services = stored(NodePortAdmission.RESOURCE);
        if (services != null) {
            return services.entrySet().stream().filter(e -> !e.getKey().equals(self)).map(Map.Entry::getValue).toList();
        }
        return getMap().entrySet().stream()
                .filter(e -> NodePortAdmission.RESOURCE.equals(resourceOf(e.getKey())) && !self.equals(objectKey(e.getKey())))
                .map(Map.Entry::getValue).toList();
    }

    @Override
    public void reset() {
        super.reset();
        index.clear();
        byResource.clear();
    }

    private void unindex(AttributeSet stored) {
        List<Attribute> key = storedKey(stored);
        if (key == null) {
            return;
        }
        index.computeIfPresent(key, (k, old) -> {
            if (!old.containsKey(stored)) {
                return old;
            }
            Map<AttributeSet, String> next = new HashMap<>(old);
            next.remove(stored);
            return next.isEmpty() ? null : Map.copyOf(next);
        });
        ConcurrentHashMap<String, String> objects = byResource.get(resourceOf(stored));
        if (objects != null) {
            objects.remove(objectKey(stored));
        }
    }

    /** {@code pods}, {@code deployments.apps}: plural and API group, as {@link SandboxApiServer.ApiPath}. */
    private static String resourceOf(AttributeSet stored) {
        String plural = value(stored, PLURAL);
        String api = value(stored, API);
        return api == null || api.isEmpty() ? plural : plural + "." + api;
    }

    private static String objectKey(AttributeSet stored) {
        String ns = value(stored, NAMESPACE);
        String name = value(stored, NAME);
        return ns == null ? name : ns + "/" + name;
    }

    private static String value(AttributeSet set, String key) {
        Attribute attribute = set.getAttribute(key);
        if (attribute == null || attribute.getValues() == null || attribute.getValues().isEmpty()) {
            return null;
        }
        return attribute.getValues().get(0).toString();
    }

    private static List<Attribute> storedKey(AttributeSet stored) {
        Attribute plural = stored.getAttribute(PLURAL);
        Attribute name = stored.getAttribute(NAME);
        if (plural == null || name == null) {
            return null;
        }
        return List.of(plural, name);
    }

    /** The index key of a query, or null when the query cannot be answered from the index. */
    private static List<Attribute> queryKey(AttributeSet query) {
        Attribute plural = query.getAttribute(PLURAL);
        Attribute name = query.getAttribute(NAME);
        if (plural == null || name == null || plural.getType() != AttributeType.WITH || name.getType() != AttributeType.WITH) {
            return null;
        }
        return List.of(plural, name);
    }
}
