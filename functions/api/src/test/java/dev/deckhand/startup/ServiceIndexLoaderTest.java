package dev.deckhand.startup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.deckhand.health.HealthController;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospectionReference;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which class path entries after the shaded jar leave its service index valid: those a scan would find nothing in. */
class ServiceIndexLoaderTest {

    @TempDir
    Path dir;

    @Test
    void aLauncherDirectoryOrJarAddsNoServicesButOneWithMicronautOrJavaServicesDoes() throws IOException {
        Path launcherDirectory = Files.createDirectories(dir.resolve("launcher/dev/example"));
        Files.write(launcherDirectory.resolve("Main.class"), new byte[] {1});
        assertTrue(ServiceIndexLoader.addsNothing(dir.resolve("launcher"), List.of()));

        assertTrue(ServiceIndexLoader.addsNothing(jar("launcher.jar", "dev/example/Main.class"), List.of()));
        assertFalse(ServiceIndexLoader.addsNothing(jar("beans.jar", "dev/example/Main.class",
                "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/dev.example.$Main$Definition"), List.of()));
        assertFalse(ServiceIndexLoader.addsNothing(jar("services.jar", "META-INF/services/io.micronaut.core.optim.StaticOptimizations$Loader"), List.of()));

        Files.createDirectories(dir.resolve("with-beans/META-INF/micronaut"));
        assertFalse(ServiceIndexLoader.addsNothing(dir.resolve("with-beans"), List.of()));
        assertFalse(ServiceIndexLoader.addsNothing(dir.resolve("missing.jar"), List.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anIntrospectionNamedInTheIndexAnswersAsTheGeneratedReferenceAndIntrospectsTheSame() throws Exception {
        String implementation = "dev.deckhand.health.$HealthController$Health$Introspection";
        BeanIntrospectionReference<Object> generated = (BeanIntrospectionReference<Object>) Class.forName(implementation).getConstructor().newInstance();
        ServiceIndexLoader.IndexedLoader<BeanIntrospectionReference<Object>> loader = new ServiceIndexLoader.IndexedLoader<>(
                List.of(implementation + "\t" + HealthController.Health.class.getName(), "dev.deckhand.NoSuch$Introspection\tdev.deckhand.NoSuch"));
        List<BeanIntrospectionReference<Object>> references = loader.load(null, BeanIntrospectionReference::isPresent);
        assertEquals(1, references.size(), "the reference to a class the class path lacks is not present: " + references);
        BeanIntrospectionReference<Object> lazy = references.get(0);
        assertInstanceOf(LazyIntrospectionReference.class, lazy);
        assertEquals(generated.getName(), lazy.getName());
        assertEquals(generated.getBeanType(), lazy.getBeanType());
        BeanIntrospection<Object> introspection = lazy.load();
        assertEquals(new HealthController.Health("ok"), introspection.instantiate("ok"));
        assertEquals(generated.load().getPropertyNames().length, introspection.getPropertyNames().length);
        assertTrue(lazy.getAnnotationMetadata().hasAnnotation("io.micronaut.serde.annotation.Serdeable"));
    }

    @Test
    void anEntryHoldingAClassTheIndexLeftDefinitionsOutForIsNoticed() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes/io/grpc"));
        Files.write(classes.resolve("ServerInterceptor.class"), new byte[] {1});
        assertFalse(ServiceIndexLoader.addsNothing(dir.resolve("classes"), List.of("io.grpc.ServerInterceptor")));
        assertTrue(ServiceIndexLoader.addsNothing(dir.resolve("classes"), List.of("javax.inject.Provider")));
        assertFalse(ServiceIndexLoader.addsNothing(jar("grpc.jar", "io/grpc/ServerInterceptor.class"), List.of("io.grpc.ServerInterceptor")));
        assertTrue(ServiceIndexLoader.addsNothing(jar("launcher.jar", "dev/example/Main.class"), List.of("io.grpc.ServerInterceptor")));
    }

    private Path jar(String name, String... entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String entry : entries) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(1);
                out.closeEntry();
            }
        }
        return jar;
    }
}
