package dev.deckhand.cluster;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads (mostly LISTs) that take only the fields a pass needs. The generated models of the official client validate and
 * build every field of every item, which for thousands of nodes costs far more than the request itself;
 * here the client still builds and authenticates the request, and the answer is read into small records
 * with unknown fields skipped. Metadata-only lists also ask the API server for
 * {@code PartialObjectMetadataList}, so a real server sends only metadata (one that does not offer it
 * sends whole objects, which read the same).
 */
@Singleton
public class LeanReads {

    private static final byte[] EMPTY_LIST = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final String METADATA_ONLY =
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json";

    @FunctionalInterface
    public interface ReadRequest {
        okhttp3.Call build() throws ApiException;
    }

    private final ApiClient client;
    private final JsonMapper json;

    public LeanReads(ApiClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /** The items' metadata only. */
    public List<ListedObject> metadata(String what, ReadRequest request) {
        return list(what, request, ListedObject.class, METADATA_ONLY);
    }

    /** Items read as {@code itemType}, fields it does not name skipped. */
    public <T> List<T> list(String what, ReadRequest request, Class<T> itemType) {
        return list(what, request, itemType, null);
    }

    /** Items read as {@code itemType} (a generic type), fields it does not name skipped. */
    public <T> List<T> list(String what, ReadRequest request, Argument<T> itemType) {
        // The serializer binds a type argument by the name of the type variable it stands for.
        Argument<T> items = Argument.ofTypeVariable(itemType.getType(), ObjectList.class.getTypeParameters()[0].getName(),
                AnnotationMetadata.EMPTY_METADATA, itemType.getTypeParameters());
        return list(what, request, Argument.of(ObjectList.class, items), null);
    }

    /** Builds the reader of lists of {@code itemType} ahead of the first read, from an empty list; sends nothing. */
    public void prepare(Class<?> itemType) {
        try {
            json.readValue(EMPTY_LIST, Argument.of(ObjectList.class, itemType));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read an empty list of " + itemType.getSimpleName(), e);
        }
    }

    /** One object read as {@code type}; a missing object is a {@link ClusterRequestException} with status 404. */
    public <T> T get(String what, ReadRequest request, Class<T> type) {
        return read(what, request, Argument.of(type), null);
    }

    /** One object read as {@code type} (a generic type), as {@link #get(String, ReadRequest, Class)}. */
    public <T> T get(String what, ReadRequest request, Argument<T> type) {
        return read(what, request, type, null);
    }

    private <T> List<T> list(String what, ReadRequest request, Class<T> itemType, String accept) {
        return list(what, request, Argument.of(ObjectList.class, itemType), accept);
    }

    private <T> List<T> list(String what, ReadRequest request, Argument<?> listType, String accept) {
        ObjectList<T> list = read(what, request, listType, accept);
        return list == null ? List.of() : list.items();
    }

    @SuppressWarnings("unchecked")
    private <T> T read(String what, ReadRequest request, Argument<?> type, String accept) {
        Request built;
        try {
            built = request.build().request();
        } catch (ApiException e) {
            throw KubernetesCalls.translate(what, e);
        }
        if (accept != null) {
            built = built.newBuilder().header("Accept", accept).build();
        }
        try (Response response = client.getHttpClient().newCall(built).execute()) {
            if (!response.isSuccessful()) {
                String body = response.body() == null ? "" : response.body().string();
                throw KubernetesCalls.translate(what, new ApiException(response.code(), response.headers().toMultimap(), body));
            }
            return (T) json.readValue(response.body().byteStream(), type);
        } catch (IOException e) {
            throw KubernetesCalls.translate(what, new ApiException(e));
        }
    }
}
