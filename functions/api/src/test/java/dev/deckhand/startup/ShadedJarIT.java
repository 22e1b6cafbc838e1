package dev.deckhand.startup;

import dev.deckhand.auth.TestTokens;
import dev.deckhand.sandbox.RuntimeJdks;
import dev.deckhand.sandbox.SandboxCluster;
import dev.deckhand.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar as Lambda, Jib and Knative run it (its own class path, not the tests'): started as a process
 * against the sandbox, it checks a bearer token, answers the seed's first route, and refuses a call without one.
 */
class ShadedJarIT {

    private static final Path JAR = Path.of("target/deckhand-functions.jar");
    private static final String BUILD_JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** What the functions' image and SAM template add on Java 25 (functions/api/pom.xml, infra/aws/template.yaml). */
    private static final String UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";

    /**
     * The JVMs the jar is run on: the one running the tests (the build's JDK 17) and every JDK 25 or later under
     * /usr/lib/jvm, as the images and the Lambda runtime run it on Java 25 (the build targets --release 17).
     */
    static Stream<String> javas() throws IOException {
        List<String> javas = new ArrayList<>(List.of(BUILD_JAVA));
        RuntimeJdks.installed().forEach(java -> javas.add(java.toString()));
        return javas.stream();
    }

    @Test
    void theShippedJarsServiceIndexLeavesOutTheBeanDefinitionsItCannotUse() throws IOException {
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            List<String> index = new String(zip.getInputStream(zip.getEntry(ServiceIndexLoader.INDEX)).readAllBytes()).lines().toList();
            // micrometer's gRPC binders need grpc-java, which the functions do not ship.
            assertTrue(index.contains(ServiceIndexLoader.MISSING + "\tio.grpc.ServerInterceptor"), String.join("\n", index));
            assertTrue(index.stream().noneMatch(line -> line.contains("$GrpcMetricsListenerFactory$GrpcServerMetrics")), String.join("\n", index));
            assertTrue(index.contains("io.micronaut.inject.BeanDefinitionReference\tdev.deckhand.nodes.$NodesController$Definition"));
            assertTrue(index.contains("io.micronaut.core.beans.BeanIntrospectionReference\tdev.deckhand.health.$HealthController$Health$Introspection"
                    + "\tdev.deckhand.health.HealthController$Health"), "introspections name what they introspect");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theShippedJarsServiceFactoryCreatesTheIndexedImplementationsWithNew() throws Exception {
        List<String> definitions;
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            definitions = new String(zip.getInputStream(zip.getEntry(ServiceIndexLoader.INDEX)).readAllBytes()).lines()
                    .filter(line -> line.startsWith("io.micronaut.inject.BeanDefinitionReference\t"))
                    .map(line -> line.substring(line.indexOf('\t') + 1)).toList();
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader jar = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            // Micronaut finds its static optimisations (the jar's index) through the context class loader, as at start-up.
            Thread.currentThread().setContextClassLoader(jar);
            Function<String, Object> factory = (Function<String, Object>) jar.loadClass(ServiceIndexLoader.FACTORY).getConstructor().newInstance();
            int made = 0;
            for (String definition : definitions) {
                Object created = factory.apply(definition);
                if (created != null) {
                    assertEquals(definition, created.getClass().getName());
                    made++;
                }
            }
            assertNotNull(factory.apply("dev.deckhand.nodes.$NodesController$Definition"));
            assertNull(factory.apply("dev.deckhand.NotAService"));
            assertTrue(made > definitions.size() * 9 / 10, made + " of " + definitions.size() + " bean definitions made with new");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void theShippedJarCarriesItsConfigurationAsASnapshotInsteadOfApplicationYml() throws IOException {
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            assertNull(zip.getEntry("application.yml"), "application.yml would be read (through a zip file system) at every start");
            assertNotNull(zip.getEntry(ConfigurationSnapshot.SNAPSHOT));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("javas")
    void theShippedJarsLambdaHandlerStartsAndAnswersAnAuthenticatedCaller(String java) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "no " + JAR.toAbsolutePath() + ": this test runs after package");
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(2).build())) {
            // The jar, plus this one class of the tests that holds the event; nothing else of the test class path.
            Path classes = Files.createTempDirectory("lambda-once");
            Path clazz = classes.resolve("dev/deckhand/startup/LambdaOnce.class");
            Files.createDirectories(clazz.getParent());
            Files.copy(Path.of("target/test-classes/dev/deckhand/startup/LambdaOnce.class"), clazz);
            Process process = new ProcessBuilder(List.of(java,
                    "-Dkubernetes.client.kube-config-path=" + cluster.kubeconfigPath(),
                    "-Ddeckhand.auth.jwt-secret=" + TestTokens.SECRET,
                    "-cp", JAR + File.pathSeparator + classes, LambdaOnce.class.getName(), TestTokens.admin()))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            assertTrue(output.contains("status=200 body=[\"node-1\",\"node-2\"]"), output);
        }
    }

    /** Each JVM, with the sandbox's token kubeconfig and with one that names a client certificate instead (kind, kubeadm). */
    static Stream<Arguments> javasAndCredentials() throws IOException {
        return javas().flatMap(java -> Stream.of(Arguments.of(java, "token"), Arguments.of(java, "client certificate")));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("javasAndCredentials")
    void theShippedJarServesAnAuthenticatedCallerAndRefusesAnAnonymousOne(String java, String credential) throws Exception {
        Path jar = JAR;
        assertTrue(Files.isRegularFile(jar), "no " + jar.toAbsolutePath() + ": this test runs after package");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        File log = Files.createTempFile("shaded-jar", ".log").toFile();
        Path loadedClasses = Files.createTempFile("shaded-jar-classes", ".log");
        // On Java 25 with the token, as the image and the SAM template start it: Netty's buffers through sun.misc.Unsafe
        // (bench/README.md, "coldstart"); the client-certificate run keeps Java 25's default, Netty through the FFM API.
        boolean unsafeAllowed = credential.equals("token") && !java.equals(BUILD_JAVA);
        try (SandboxCluster cluster = SandboxCluster.start(SandboxOptions.builder().nodes(3).build())) {
            List<String> command = new ArrayList<>(List.of(java, "-Xlog:class+load=info:file=" + loadedClasses));
            if (unsafeAllowed) {
                command.add(UNSAFE_MEMORY_ACCESS);
            }
            command.addAll(List.of(
                    "-Dmicronaut.server.port=" + port,
                    "-Dkubernetes.client.kube-config-path=" + (credential.equals("token") ? cluster.kubeconfigPath()
                            : TestClientCertificates.kubeconfigWithClientCertificate(cluster.kubeconfigPath())),
                    "-Ddeckhand.agent.url-template=" + cluster.agentUrlTemplate(),
                    "-Ddeckhand.auth.jwt-secret=" + TestTokens.SECRET,
                    "-jar", jar.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI nodes = URI.create("http://127.0.0.1:" + port + "/get/nodes");
                HttpResponse<String> answer = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (answer == null && System.nanoTime() < deadline && process.isAlive()) {
                    try {
                        answer = http.send(HttpRequest.newBuilder(nodes)
                                .header("Authorization", TestTokens.bearer(TestTokens.admin())).build(),
                                HttpResponse.BodyHandlers.ofString());
                    } catch (IOException notYet) {
                        Thread.sleep(100);
                    }
                }
                assertNotNull(answer, "the jar never answered; its log: " + Files.readString(log.toPath()));
                assertEquals(200, answer.statusCode(), answer.body() + "\nlog: " + Files.readString(log.toPath()));
                assertEquals("[\"node-1\",\"node-2\",\"node-3\"]", answer.body());
                assertEquals(401, http.send(HttpRequest.newBuilder(nodes).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                // application.yml travels as a configuration snapshot: its static resources and open paths still apply.
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                // Netty's buffers and Micronaut's request event served the request without setting up the Flight
                // Recorder's metadata (Application.JDK_FLIGHT_RECORDER_OFF).
                String classes = Files.readString(loadedClasses);
                assertTrue(classes.contains("io.netty.buffer.AdaptivePoolingAllocator "), "Netty's allocator not used?");
                assertFalse(classes.contains("jdk.jfr.internal.MetadataRepository "), "the Flight Recorder was set up");
                assertEquals(!unsafeAllowed && !java.equals(BUILD_JAVA), classes.contains("io.netty.util.internal.CleanerJava25 "),
                        "Netty's FFM cleaner: expected only on Java 25 without " + UNSAFE_MEMORY_ACCESS);
                // No JVM warning on any runtime it ships on (JDK 24+ warns once about sun.misc.Unsafe memory access).
                assertTrue(Files.readAllLines(log.toPath()).stream().noneMatch(line -> line.startsWith("WARNING")),
                        Files.readString(log.toPath()));
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }
}
