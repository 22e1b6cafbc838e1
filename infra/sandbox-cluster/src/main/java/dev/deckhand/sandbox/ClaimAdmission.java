package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a real API server does with a client's writes of PersistentVolumeClaims, and the mock does not.
 *
 * <p>On create, as the admission plugins StorageObjectInUseProtection and DefaultStorageClass: the claim gets the
 * {@value #PROTECTION_FINALIZER} finalizer (so a delete leaves it Terminating while a pod uses it, until the node
 * simulator, playing the pvc-protection controller, releases it), and the default storage class when it names none.
 *
 * <p>On update (PUT or PATCH of the claim itself, not {@code /status}), as the claim's update validation and the
 * PersistentVolumeClaimResize admission plugin: the spec is immutable but for {@code spec.volumeName} while it is
 * unset and, on a Bound claim only, {@code spec.resources.requests}; the storage request never shrinks (422
 * Invalid); and it grows only when the claim's storage class has {@code allowVolumeExpansion: true} (403
 * Forbidden). Refusals carry the real server's Status object and messages (without the Go diff a real server
 * appends to the immutability message).
 */
final class ClaimAdmission {

    static final String PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";
    static final String RESOURCE = "persistentvolumeclaims";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaimAdmission() {
    }

    /** A client's create of a claim, with the finalizer and default class added; other requests unchanged. */
    static RecordedRequest onCreate(RecordedRequest request, Map<String, JsonNode> storageClasses) {
        if (request.getBody() == null || request.getBody().size() == 0) {
            return request;
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.getBody().getBytes());
        } catch (IOException e) {
            return request; // let the mock answer the malformed body
        }
        if (!(body instanceof ObjectNode claim) || !(claim.get("metadata") instanceof ObjectNode meta)) {
            return request;
        }
        ArrayNode finalizers = meta.get("finalizers") instanceof ArrayNode a ? a : meta.putArray("finalizers");
        boolean present = false;
        for (JsonNode f : finalizers) {
            present |= PROTECTION_FINALIZER.equals(f.asText());
        }
        if (!present) {
            finalizers.add(PROTECTION_FINALIZER);
        }
        ObjectNode spec = claim.get("spec") instanceof ObjectNode s ? s : claim.putObject("spec");
        if (!spec.hasNonNull("storageClassName")) {
            storageClasses.values().stream()
                    .filter(c -> "true".equals(c.path("metadata").path("annotations").path(StorageClasses.DEFAULT_CLASS_ANNOTATION).asText()))
                    .map(c -> c.path("metadata").path("name").asText())
                    .sorted().findFirst().ifPresent(name -> spec.put("storageClassName", name));
        }
        byte[] bytes = claim.toString().getBytes(StandardCharsets.UTF_8);
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                request.getHeaders().newBuilder().set("Content-Length", String.valueOf(bytes.length)).build(),
                new Buffer(bytes));
    }

    /** Refuses (throws {@link ApiRefusal}) a client's change of a stored claim that a real API server refuses. */
    static void checkUpdate(String storedJson, String nextJson, Map<String, JsonNode> storageClasses) {
        JsonNode stored = read(storedJson);
        JsonNode next = read(nextJson);
        String name = stored.path("metadata").path("name").asText();
        ObjectNode oldSpec = specOf(stored);
        ObjectNode newSpec = specOf(next);
        BigDecimal oldSize = storage(oldSpec);
        BigDecimal newSize = storage(newSpec);
        if (oldSpec.path("volumeName").asText("").isEmpty()) {
            // The binder sets volumeName once.
            oldSpec.remove("volumeName");
            newSpec.remove("volumeName");
        }
        if ("Bound".equals(stored.path("status").path("phase").asText())) {
            for (ObjectNode spec : List.of(oldSpec, newSpec)) {
                if (spec.get("resources") instanceof ObjectNode resources) {
                    resources.remove("requests");
                    if (resources.isEmpty()) {
                        spec.remove("resources");
                    }
                }
            }
        }
        if (!oldSpec.equals(newSpec)) {
            throw ApiRefusal.invalid("PersistentVolumeClaim", name, "spec",
                    "spec is immutable after creation except resources.requests for bound claims");
        }
        if (oldSize != null && newSize != null && newSize.compareTo(oldSize) < 0) {
            throw ApiRefusal.invalid("PersistentVolumeClaim", name, "spec.resources.requests.storage",
                    "field can not be less than previous value");
        }
        if (oldSize != null && newSize != null && newSize.compareTo(oldSize) > 0) {
            String className = newSpec.path("storageClassName").asText("");
            JsonNode storageClass = className.isEmpty() ? null : storageClasses.get(className);
            if (storageClass == null || !storageClass.path("allowVolumeExpansion").asBoolean(false)) {
                throw ApiRefusal.forbidden(RESOURCE, name, "only dynamically provisioned pvc can be resized and "
                        + "the storageclass that provisions the pvc must support resize");
            }
        }
    }

    private static ObjectNode specOf(JsonNode claim) {
        return claim.get("spec") instanceof ObjectNode spec ? spec.deepCopy() : JSON.createObjectNode();
    }

    private static BigDecimal storage(JsonNode spec) {
        JsonNode storage = spec.path("resources").path("requests").path("storage");
        return storage.isTextual() ? Quantity.parse(storage.asText()).getNumericalAmount() : null;
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("stored object is not JSON", e);
        }
    }
}
