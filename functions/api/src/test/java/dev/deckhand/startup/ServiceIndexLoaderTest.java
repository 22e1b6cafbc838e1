package dev.deckhand.startup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertTrue(ServiceIndexLoader.holdsNoServices(dir.resolve("launcher")));

        assertTrue(ServiceIndexLoader.holdsNoServices(jar("launcher.jar", "dev/example/Main.class")));
        assertFalse(ServiceIndexLoader.holdsNoServices(jar("beans.jar", "dev/example/Main.class",
                "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/dev.example.$Main$Definition")));
        assertFalse(ServiceIndexLoader.holdsNoServices(jar("services.jar", "META-INF/services/io.micronaut.core.optim.StaticOptimizations$Loader")));

        Files.createDirectories(dir.resolve("with-beans/META-INF/micronaut"));
        assertFalse(ServiceIndexLoader.holdsNoServices(dir.resolve("with-beans")));
        assertFalse(ServiceIndexLoader.holdsNoServices(dir.resolve("missing.jar")));
    }

    @Test
    void anEntryHoldingAClassTheIndexLeftDefinitionsOutForIsNoticed() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes/io/grpc"));
        Files.write(classes.resolve("ServerInterceptor.class"), new byte[] {1});
        assertTrue(ServiceIndexLoader.holdsAnyOf(dir.resolve("classes"), java.util.List.of("io.grpc.ServerInterceptor")));
        assertFalse(ServiceIndexLoader.holdsAnyOf(dir.resolve("classes"), java.util.List.of("javax.inject.Provider")));
        assertTrue(ServiceIndexLoader.holdsAnyOf(jar("grpc.jar", "io/grpc/ServerInterceptor.class"), java.util.List.of("io.grpc.ServerInterceptor")));
        assertFalse(ServiceIndexLoader.holdsAnyOf(jar("launcher.jar", "dev/example/Main.class"), java.util.List.of("io.grpc.ServerInterceptor")));
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
