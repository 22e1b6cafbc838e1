package dev.deckhand.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node simulator's view of the cluster, read in-process from the API server's store (no HTTP, no watch), so
 * it is never behind. Parsed objects are cached by the identity of their stored JSON string, which the store
 * replaces on every write: each read parses only what changed since the previous one. Objects handed out are
 * shared with the cache and must not be mutated. Reads of a {@link #lazy} map may come from several threads.
 */
final class ClusterView {

    private final IndexedCrudDispatcher store;
    private final Map<String, Cache<?>> caches = new HashMap<>();

    private record Parsed<T>(String json, T object) {
    }

    private static final class Cache<T> {
        Map<String, Parsed<T>> entries = new ConcurrentHashMap<>();
    }

    ClusterView(IndexedCrudDispatcher store) {
        this.store = store;
    }

    /**
     * Every object of a resource ({@code pods}, {@code deployments.apps}, ...), keyed by {@code namespace/name},
     * in key order. {@code viaApi} lists them over HTTP when the store's index is off.
     */
    <T extends HasMetadata> Map<String, T> all(String resource, Class<T> type, Supplier<List<T>> viaApi) {
        Map<String, String> stored = store.stored(resource);
        if (stored == null) {
            Map<String, T> listed = new TreeMap<>();
            for (T object : viaApi.get()) {
                String ns = object.getMetadata().getNamespace();
                listed.put(ns == null ? object.getMetadata().getName() : ns + "/" + object.getMetadata().getName(), object);
            }
            return listed;
        }
        Cache<T> cache = cache(resource);
        Map<String, Parsed<T>> next = new ConcurrentHashMap<>();
        Map<String, T> out = new TreeMap<>();
        for (Map.Entry<String, String> e : stored.entrySet()) {
            Parsed<T> parsed = cache.entries.get(e.getKey());
            if (parsed == null || parsed.json() != e.getValue()) {
                parsed = new Parsed<>(e.getValue(), Serialization.unmarshal(e.getValue(), type));
            }
            next.put(e.getKey(), parsed);
            out.put(e.getKey(), parsed.object());
        }
        cache.entries = next;
        return out;
    }

    /**
     * Every object of a cluster-scoped resource by name, parsed only when looked at: with 5,000 nodes, placing a
     * pod pinned to one node parses that node only.
     */
    <T extends HasMetadata> Map<String, T> lazy(String resource, Class<T> type, Supplier<List<T>> viaApi) {
        Map<String, String> stored = store.stored(resource);
        if (stored == null) {
            return all(resource, type, viaApi);
        }
        Cache<T> cache = cache(resource);
        Map<String, String> snapshot = new LinkedHashMap<>(stored);
        cache.entries.keySet().retainAll(snapshot.keySet());
        return new AbstractMap<>() {
            @Override
            public T get(Object key) {
                String json = snapshot.get(key);
                if (json == null) {
                    return null;
                }
                Parsed<T> parsed = cache.entries.get(key);
                if (parsed == null || parsed.json() != json) {
                    parsed = new Parsed<>(json, Serialization.unmarshal(json, type));
                    cache.entries.put((String) key, parsed);
                }
                return parsed.object();
            }

            @Override
            public boolean containsKey(Object key) {
                return snapshot.containsKey(key);
            }

            @Override
            public Set<String> keySet() {
                return snapshot.keySet();
            }

            @Override
            public int size() {
                return snapshot.size();
            }

            @Override
            public Set<Entry<String, T>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, T>> iterator() {
                        Iterator<String> keys = snapshot.keySet().iterator();
                        return new Iterator<>() {
                            @Override
                            public boolean hasNext() {
                                return keys.hasNext();
                            }

                            @Override
                            public Entry<String, T> next() {
                                String k = keys.next();
                                return new SimpleImmutableEntry<>(k, get(k));
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return snapshot.size();
                    }
                };
            }
        };
    }

    @SuppressWarnings("unchecked")
    private <T> Cache<T> cache(String resource) {
        return (Cache<T>) caches.computeIfAbsent(resource, r -> new Cache<>());
    }
}
