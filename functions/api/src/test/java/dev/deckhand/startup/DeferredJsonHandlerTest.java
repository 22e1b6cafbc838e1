package dev.deckhand.startup;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.body.MessageBodyHandlerRegistry;
import io.micronaut.http.body.MessageBodyReader;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.netty.body.NettyJsonHandler;
import io.micronaut.http.simple.SimpleHttpHeaders;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The JSON body handler the server uses writes and reads exactly as Micronaut's own does. */
class DeferredJsonHandlerTest {

    @Serdeable
    @Introspected
    record Sample(String name, List<Integer> sizes, Sample child) {
    }

    private static final Sample SAMPLE = new Sample("a \"quoted\" name", List.of(1, 2, 3), new Sample("child", List.of(4), null));

    @Test
    void theServersJsonWriterAndReaderAreThisHandlerAndAnswerAsMicronautsOwn() throws Exception {
        try (ApplicationContext context = ApplicationContext.run()) {
            MessageBodyHandlerRegistry registry = context.getBean(MessageBodyHandlerRegistry.class);
            Argument<Sample> type = Argument.of(Sample.class);
            MessageBodyWriter<Sample> writer = registry.findWriter(type, List.of(MediaType.APPLICATION_JSON_TYPE)).orElseThrow();
            MessageBodyReader<Sample> reader = registry.findReader(type, List.of(MediaType.APPLICATION_JSON_TYPE)).orElseThrow();
            assertInstanceOf(DeferredJsonHandler.class, writer);
            assertInstanceOf(DeferredJsonHandler.class, reader);

            NettyJsonHandler<Sample> micronauts = new NettyJsonHandler<>(context.getBean(JsonMapper.class));
            String expected = write(micronauts.createSpecific(type), type);
            assertEquals(expected, write(writer.createSpecific(type), type));
            assertEquals(expected, write(writer, type));
            assertEquals(SAMPLE, reader.read(type, MediaType.APPLICATION_JSON_TYPE, new SimpleHttpHeaders(),
                    new ByteArrayInputStream(expected.getBytes(StandardCharsets.UTF_8))));
        }
    }

    private static String write(MessageBodyWriter<Sample> writer, Argument<Sample> type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MutableHeaders headers = new SimpleHttpHeaders();
        writer.writeTo(type, MediaType.APPLICATION_JSON_TYPE, SAMPLE, headers, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
