package dev.deckhand.lambda;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads events and writes answers as the AWS Lambda Java runtime does: its own serializers for the event types it
 * knows (the REST API's), plain Jackson for the others (the HTTP API's).
 */
final class LambdaRuntimeSerialization {

    private LambdaRuntimeSerialization() {
    }

    static <T> T read(String json, Class<T> type) {
        return serializer(type).fromJson(json);
    }

    static <T> String write(T value, Class<T> type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(type).toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static <T> PojoSerializer<T> serializer(Class<T> type) {
        return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? LambdaEventSerializers.serializerFor(type, LambdaRuntimeSerialization.class.getClassLoader())
                : JacksonFactory.getInstance().getSerializer(type);
    }
}
