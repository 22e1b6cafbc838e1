package dev.deckhand.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Storage;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the protobuf bodies kubectl sends for built-in kinds ({@code kubectl create configmap} and friends send
 * {@code application/vnd.kubernetes.protobuf}), which the mock cannot read, and turns them into the JSON a client
 * would have sent. The envelope is the API server's: the magic {@code k8s\0}, then a {@code runtime.Unknown} whose
 * {@code raw} holds the object, typed by its {@code typeMeta}. Messages are read with the official Java client's
 * protobuf descriptors; the apimachinery wrapper types (time, quantity, int-or-string, raw extension) are written as
 * their JSON forms.
 */
final class ProtobufBodies {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Go's zero time.Time, which gogo-protobuf writes for an unset non-pointer metav1.Time. */
    private static final long GO_ZERO_TIME_SECONDS = -62135596800L;

    /** Loaded on the first protobuf body: the generated code needs a protobuf 4 runtime, which only the sandbox has. */
    private static final class Files {
        static final List<FileDescriptor> ALL = List.of(V1.getDescriptor(), V1Apps.getDescriptor(),
                V1Batch.getDescriptor(), V1Networking.getDescriptor(), V1Rbac.getDescriptor(), V1Storage.getDescriptor());
    }

    private ProtobufBodies() {
    }

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.startsWith(CONTENT_TYPE);
    }

    /** The JSON of a protobuf-encoded object; empty when its kind is not one the sandbox can read. */
    static Optional<String> toJson(byte[] body) throws InvalidProtocolBufferException {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw new InvalidProtocolBufferException("the body does not start with the Kubernetes protobuf magic k8s\\0");
        }
        Runtime.Unknown unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        Optional<Descriptor> type = messageType(apiVersion, kind);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode object = NODES.objectNode();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        object.setAll((ObjectNode) toJson(DynamicMessage.parseFrom(type.get(), unknown.getRaw())));
        return Optional.of(object.toString());
    }

    /** {@code apps/v1} + {@code Deployment} -> {@code k8s.io.api.apps.v1.Deployment}. */
    private static Optional<Descriptor> messageType(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "core" : apiVersion.substring(0, slash).split("\\.")[0];
        String version = apiVersion.substring(slash + 1);
        String protoPackage = "k8s.io.api." + group + "." + version;
        return Files.ALL.stream().filter(f -> f.getPackage().equals(protoPackage))
                .map(f -> f.findMessageTypeByName(kind)).filter(d -> d != null).findFirst();
    }

    private static JsonNode toJson(Message message) {
        String type = message.getDescriptorForType().getFullName();
        switch (type) {
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time", "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime" -> {
                long seconds = (long) field(message, "seconds", 0L);
                int nanos = (int) field(message, "nanos", 0);
                if (seconds == GO_ZERO_TIME_SECONDS && nanos == 0) {
                    return NODES.nullNode();
                }
                DateTimeFormatter format = type.endsWith("MicroTime")
                        ? DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX")
                        : DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssX");
                return NODES.textNode(format.format(Instant.ofEpochSecond(seconds, nanos).atOffset(ZoneOffset.UTC)));
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
                return NODES.textNode((String) field(message, "string", ""));
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
                long intOrString = ((Number) field(message, "type", 0L)).longValue();
                return intOrString == 0 ? NODES.numberNode((int) field(message, "intVal", 0))
                        : NODES.textNode((String) field(message, "strVal", ""));
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> {
                ByteString raw = (ByteString) field(message, "raw", ByteString.EMPTY);
                try {
                    return raw.isEmpty() ? NODES.nullNode() : JSON.readTree(raw.toByteArray());
                } catch (IOException e) {
                    return NODES.nullNode();
                }
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
                    JsonNode value = fieldJson(field.getKey(), field.getValue());
                    // Go writes every non-pointer string, empty or not; its JSON leaves the empty ones out.
                    if (!value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
                        object.set(field.getKey().getName(), value);
                    }
                }
                return object;
            }
        }
    }

    private static Object field(Message message, String name, Object absent) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
        return field != null && message.hasField(field) ? message.getField(field) : absent;
    }

    private static JsonNode fieldJson(FieldDescriptor field, Object value) {
        if (field.isMapField()) {
            ObjectNode map = NODES.objectNode();
            for (Object entry : (List<?>) value) {
                Message pair = (Message) entry;
                Descriptor entryType = pair.getDescriptorForType();
                Object key = pair.getField(entryType.findFieldByName("key"));
                FieldDescriptor valueField = entryType.findFieldByName("value");
                map.set(String.valueOf(key), scalarOrMessage(valueField, pair.getField(valueField)));
            }
            return map;
        }
        if (field.isRepeated()) {
            ArrayNode array = NODES.arrayNode();
            ((List<?>) value).forEach(item -> array.add(scalarOrMessage(field, item)));
            return array;
        }
        return scalarOrMessage(field, value);
    }

    private static JsonNode scalarOrMessage(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> toJson((Message) value);
            case BYTE_STRING -> NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case STRING -> NODES.textNode((String) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INT -> NODES.numberNode((Integer) value);
            case LONG -> NODES.numberNode((Long) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case ENUM -> NODES.textNode(value.toString());
        };
    }
}
