package dev.deckhand.startup;

import io.micronaut.context.annotation.BootstrapContextCompatible;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.io.buffer.ByteBufferFactory;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.ByteBodyHttpResponse;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.body.ChunkedMessageBodyReader;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.body.MessageBodyHandler;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.body.ResponseBodyWriter;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.netty.body.NettyJsonHandler;
import io.micronaut.json.JsonFeatures;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.body.CustomizableJsonHandler;
import io.micronaut.json.body.JsonMessageHandler;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * Micronaut's JSON body handler, except that a writer specialised for one type is made when that type is first
 * written rather than when asked for. The router asks for one per route while it is being built, for every route at
 * start-up, and for JSON that means building serde's serializer and deserializer for each route's return type:
 * 60-odd routes' worth of introspection before the first request, nearly all for routes a cold-starting instance
 * never serves. Everything else is Micronaut's own handler, unchanged.
 */
@Singleton
@Order(-10)
@Replaces(NettyJsonHandler.class)
@JsonMessageHandler.ProducesJson
@JsonMessageHandler.ConsumesJson
@BootstrapContextCompatible
@Requires(beans = JsonMapper.class)
public final class DeferredJsonHandler<T> implements MessageBodyHandler<T>, ChunkedMessageBodyReader<T>,
        CustomizableJsonHandler, ResponseBodyWriter<T> {

    private final NettyJsonHandler<T> handler;

    public DeferredJsonHandler(JsonMapper jsonMapper) {
        this.handler = new NettyJsonHandler<>(jsonMapper);
    }

    @Override
    public MessageBodyWriter<T> createSpecific(Argument<T> type) {
        return new SpecificWriter<>(() -> toResponseWriter(handler.createSpecific(type)));
    }

    @Override
    public CustomizableJsonHandler customize(JsonFeatures jsonFeatures) {
        return handler.customize(jsonFeatures);
    }

    @Override
    public Publisher<T> readChunked(Argument<T> type, MediaType mediaType, Headers httpHeaders, Publisher<ByteBuffer<?>> input) {
        return handler.readChunked(type, mediaType, httpHeaders, input);
    }

    @Override
    public boolean isReadable(Argument<T> type, MediaType mediaType) {
        return handler.isReadable(type, mediaType);
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers httpHeaders, ByteBuffer<?> byteBuffer) throws CodecException {
        return handler.read(type, mediaType, httpHeaders, byteBuffer);
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers httpHeaders, InputStream inputStream) throws CodecException {
        return handler.read(type, mediaType, httpHeaders, inputStream);
    }

    @Override
    public boolean isWriteable(Argument<T> type, MediaType mediaType) {
        return handler.isWriteable(type, mediaType);
    }

    @Override
    public void writeTo(Argument<T> type, MediaType mediaType, T object, MutableHeaders outgoingHeaders, OutputStream outputStream) throws CodecException {
        handler.writeTo(type, mediaType, object, outgoingHeaders, outputStream);
    }

    @Override
    public ByteBuffer<?> writeTo(Argument<T> type, MediaType mediaType, T object, MutableHeaders outgoingHeaders, ByteBufferFactory<?, ?> bufferFactory) throws CodecException {
        return handler.writeTo(type, mediaType, object, outgoingHeaders, bufferFactory);
    }

    @Override
    public ByteBodyHttpResponse<?> write(ByteBodyFactory bodyFactory, HttpRequest<?> request, MutableHttpResponse<T> httpResponse, Argument<T> type, MediaType mediaType, T object) throws CodecException {
        return handler.write(bodyFactory, request, httpResponse, type, mediaType, object);
    }

    @Override
    public CloseableByteBody writePiece(ByteBodyFactory bodyFactory, HttpRequest<?> request, HttpResponse<?> response, Argument<T> type, MediaType mediaType, T object) {
        return handler.writePiece(bodyFactory, request, response, type, mediaType, object);
    }

    @Override
    public boolean isBlocking() {
        return handler.isBlocking();
    }

    private static <T> ResponseBodyWriter<T> toResponseWriter(MessageBodyWriter<T> writer) {
        return writer instanceof ResponseBodyWriter<T> responseWriter ? responseWriter : ResponseBodyWriter.wrap(writer);
    }

    /** The writer for one type, made on first use. */
    private static final class SpecificWriter<T> implements ResponseBodyWriter<T> {

        private final Supplier<ResponseBodyWriter<T>> factory;
        private volatile ResponseBodyWriter<T> writer;

        SpecificWriter(Supplier<ResponseBodyWriter<T>> factory) {
            this.factory = factory;
        }

        private ResponseBodyWriter<T> writer() {
            ResponseBodyWriter<T> made = writer;
            if (made == null) {
                // Two first requests at once may both make it; they make the same thing.
                made = factory.get();
                writer = made;
            }
            return made;
        }

        @Override
        public boolean isWriteable(Argument<T> type, MediaType mediaType) {
            return writer().isWriteable(type, mediaType);
        }

        @Override
        public MessageBodyWriter<T> createSpecific(Argument<T> type) {
            return writer().createSpecific(type);
        }

        @Override
        public boolean isBlocking() {
            return writer().isBlocking();
        }

        @Override
        public void writeTo(Argument<T> type, MediaType mediaType, T object, MutableHeaders outgoingHeaders, OutputStream outputStream) throws CodecException {
            writer().writeTo(type, mediaType, object, outgoingHeaders, outputStream);
        }

        @Override
        public ByteBuffer<?> writeTo(Argument<T> type, MediaType mediaType, T object, MutableHeaders outgoingHeaders, ByteBufferFactory<?, ?> bufferFactory) throws CodecException {
            return writer().writeTo(type, mediaType, object, outgoingHeaders, bufferFactory);
        }

        @Override
        public ByteBodyHttpResponse<?> write(ByteBodyFactory bodyFactory, HttpRequest<?> request, MutableHttpResponse<T> httpResponse, Argument<T> type, MediaType mediaType, T object) throws CodecException {
            return writer().write(bodyFactory, request, httpResponse, type, mediaType, object);
        }

        @Override
        public CloseableByteBody writePiece(ByteBodyFactory bodyFactory, HttpRequest<?> request, HttpResponse<?> response, Argument<T> type, MediaType mediaType, T object) {
            return writer().writePiece(bodyFactory, request, response, type, mediaType, object);
        }
    }
}
