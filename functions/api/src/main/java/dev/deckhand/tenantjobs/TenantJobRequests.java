package dev.deckhand.tenantjobs;

import dev.deckhand.api.InvalidBodyException;
import io.micronaut.json.tree.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads seed 003's {@code podInRequest} strictly: a JSON object with {@code tenant} and {@code cmd} strings and
 * {@code vols}, a list of {@code {"pvc","mount"}} string objects. Any other field is refused (a request cannot slip in
 * a {@code namespace}), and so is a value of the wrong type; each problem is a 400 naming the field.
 */
final class TenantJobRequests {

    private static final Set<String> FIELDS = Set.of("tenant", "cmd", "vols");
    private static final Set<String> VOL_FIELDS = Set.of("pvc", "mount");

    private TenantJobRequests() {
    }

    static TenantJobRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidBodyException("request body must be a JSON object {\"tenant\", \"cmd\", \"vols\"}");
        }
        known(body, FIELDS, "");
        String tenant = string(body.get("tenant"), "tenant");
        String cmd = string(body.get("cmd"), "cmd");
        JsonNode vols = body.get("vols");
        List<TenantJobRequest.Volume> volumes = null;
        if (vols != null && !vols.isNull()) {
            if (!vols.isArray()) {
                throw new InvalidBodyException("vols must be an array of {\"pvc\", \"mount\"}");
            }
            volumes = new ArrayList<>();
            for (int i = 0; i < vols.size(); i++) {
                JsonNode vol = vols.get(i);
                String at = "vols[" + i + "]";
                if (vol == null || !vol.isObject()) {
                    throw new InvalidBodyException(at + " must be an object {\"pvc\", \"mount\"}");
                }
                known(vol, VOL_FIELDS, at + ".");
                volumes.add(new TenantJobRequest.Volume(string(vol.get("pvc"), at + ".pvc"), string(vol.get("mount"), at + ".mount")));
            }
        }
        return new TenantJobRequest(tenant, cmd, volumes);
    }

    /** A job named by tenant and name: {@code DELETE /pods} takes them as query parameters or as this JSON body. */
    record JobRef(String tenant, String name) {
    }

    private static final Set<String> REF_FIELDS = Set.of("tenant", "name");

    /**
     * The job a {@code DELETE /pods} names: from the query, or from a JSON body {@code {"tenant", "name"}} (what a
     * client of the Flask service would send); both at once must agree.
     */
    static JobRef ref(String queryTenant, String queryName, JsonNode body) {
        String tenant = queryTenant;
        String name = queryName;
        if (body != null) {
            if (!body.isObject()) {
                throw new InvalidBodyException("request body must be a JSON object {\"tenant\", \"name\"}");
            }
            known(body, REF_FIELDS, "");
            tenant = agree("tenant", queryTenant, string(body.get("tenant"), "tenant"));
            name = agree("name", queryName, string(body.get("name"), "name"));
        }
        return new JobRef(tenant, name);
    }

    private static String agree(String field, String query, String body) {
        if (query != null && body != null && !query.equals(body)) {
            throw new InvalidBodyException(field + " is given as query parameter '" + query + "' and in the body as '"
                    + body + "': give it once");
        }
        return query != null ? query : body;
    }

    private static void known(JsonNode object, Set<String> fields, String prefix) {
        for (Map.Entry<String, JsonNode> entry : object.entries()) {
            if (!fields.contains(entry.getKey())) {
                throw new InvalidBodyException(prefix + entry.getKey() + ": unknown field (known: "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String string(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new InvalidBodyException(field + " must be a string");
        }
        return value.getStringValue();
    }
}
