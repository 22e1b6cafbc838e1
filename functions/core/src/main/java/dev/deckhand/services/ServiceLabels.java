package dev.deckhand.services;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.cluster.DeckhandLabels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Labels and annotations of the services' objects, and the stored-service annotation's JSON. */
public final class ServiceLabels {

    public static final String COMPONENT_VALUE = "service";
    public static final String ID = "deckhand.dev/service-id";
    public static final String SERVICE = "deckhand.dev/service";
    public static final String ORIGIN = "deckhand.dev/service-origin";
    /** The {@link StoredService} as JSON. */
    public static final String STORED = "deckhand.dev/service-spec";
    public static final String CREATED = "deckhand.dev/created";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ServiceLabels() {
    }

    /** Selects every object of every service Deckhand runs (equality only: the mock ignores set-based selectors). */
    public static String ownedSelector() {
        return DeckhandLabels.MANAGED_BY + "=" + DeckhandLabels.MANAGED_BY_VALUE + "," + DeckhandLabels.COMPONENT + "=" + COMPONENT_VALUE;
    }

    public static Map<String, String> labels(StoredService service) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(DeckhandLabels.MANAGED_BY, DeckhandLabels.MANAGED_BY_VALUE);
        labels.put(DeckhandLabels.COMPONENT, COMPONENT_VALUE);
        labels.put(DeckhandLabels.NAME, service.name());
        labels.put(ID, service.id());
        labels.put(ORIGIN, service.origin().label());
        return labels;
    }

    public static Map<String, String> selector(StoredService service) {
        return Map.of(ID, service.id());
    }

    public static Map<String, String> annotations(StoredService service) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(CREATED, service.created());
        annotations.put(DeckhandLabels.SPEC_HASH_ANNOTATION, service.specHash());
        annotations.put(STORED, toJson(service));
        return annotations;
    }

    public static String toJson(StoredService service) {
        try {
            return JSON.writeValueAsString(service);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored service of an object's annotations; empty when absent or unreadable (someone edited it). */
    public static Optional<StoredService> fromAnnotations(Map<String, String> annotations) {
        String json = annotations.get(STORED);
        if (json == null) {
            return Optional.empty();
        }
        try {
            StoredService stored = JSON.readValue(json, StoredService.class);
            return stored.id() == null || stored.name() == null || stored.spec() == null || stored.spec().image() == null
                    || stored.origin() == null || stored.created() == null ? Optional.empty() : Optional.of(stored);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
