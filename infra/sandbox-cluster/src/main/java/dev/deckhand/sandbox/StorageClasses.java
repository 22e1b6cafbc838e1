package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's storage classes. Both bind on first consumer, as most clusters' default classes do: a claim stays
 * Pending until a pod that mounts it is scheduled (the simulator then binds it), which is the normal state of a
 * volume right after a first deploy. They differ in {@code allowVolumeExpansion}, so that both answers of the API
 * server to a bigger request on a Bound claim can be tried.
 */
public final class StorageClasses {

    /** The default class (claims that name none get it when created): expandable. */
    public static final String STANDARD = "standard";
    /** A class whose volumes cannot grow. */
    public static final String FIXED = "fixed";

    static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
    static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";
    static final String RESOURCE = "storageclasses.storage.k8s.io";
    static final String COLLECTION_PATH = "/apis/storage.k8s.io/v1/storageclasses";

    private StorageClasses() {
    }

    static List<StorageClass> seed() {
        return List.of(
                storageClass(STANDARD, true).editMetadata().addToAnnotations(DEFAULT_CLASS_ANNOTATION, "true").endMetadata().build(),
                storageClass(FIXED, false).build());
    }

    private static StorageClassBuilder storageClass(String name, boolean expandable) {
        return new StorageClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withProvisioner("sandbox.deckhand.dev/volumes")
                .withReclaimPolicy("Delete")
                .withVolumeBindingMode(WAIT_FOR_FIRST_CONSUMER)
                .withAllowVolumeExpansion(expandable ? Boolean.TRUE : null);
    }

    /** The stored classes by name, read in-process. */
    static Map<String, JsonNode> stored(IndexedCrudDispatcher crud) {
        Map<String, JsonNode> classes = new TreeMap<>();
        Map<String, String> stored = crud.stored(RESOURCE);
        if (stored != null) {
            stored.forEach((name, json) -> classes.put(name, ClaimAdmission.read(json)));
            return classes;
        }
        var list = crud.handleGet(COLLECTION_PATH);
        if (list.code() == 200) {
            for (JsonNode item : ClaimAdmission.read(list.getBody().readUtf8()).path("items")) {
                classes.put(item.path("metadata").path("name").asText(), item);
            }
        }
        return classes;
    }
}
