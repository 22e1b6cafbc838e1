package dev.deckhand.cluster;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.kubernetes.client.openapi.JSON;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Kubernetes objects as JSON for people to read, written as the API server writes them: the client's models start every
 * list and map empty ({@code "finalizers":[]}, {@code "overhead":{}}), which the API server leaves out ({@code omitempty}),
 * so here an empty list or map is left out too. Empty objects stay: {@code "emptyDir":{}} means something.
 */
public final class KubernetesJson {

    private static final Gson COMPACT = JSON.getGson().newBuilder()
            .registerTypeAdapterFactory(new OmitEmptyContainers())
            .create();

    private KubernetesJson() {
    }

    public static String compact(Object object) {
        return COMPACT.toJson(object);
    }

    public static JsonElement compactTree(Object object) {
        return COMPACT.toJsonTree(object);
    }

    private static final class OmitEmptyContainers implements TypeAdapterFactory {
        @Override
        public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
            Class<?> raw = type.getRawType();
            if (!Collection.class.isAssignableFrom(raw) && !Map.class.isAssignableFrom(raw)) {
                return null;
            }
            TypeAdapter<T> delegate = gson.getDelegateAdapter(this, type);
            return new TypeAdapter<>() {
                @Override
                public void write(JsonWriter out, T value) throws IOException {
                    if (value == null || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
                        out.nullValue();
                    } else {
                        delegate.write(out, value);
                    }
                }

                @Override
                public T read(JsonReader in) throws IOException {
                    return delegate.read(in);
                }
            };
        }
    }
}
