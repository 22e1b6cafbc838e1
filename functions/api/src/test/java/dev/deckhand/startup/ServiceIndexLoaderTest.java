package dev.deckhand.startup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
