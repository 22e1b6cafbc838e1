package dev.deckhand.descriptors;

import dev.deckhand.sandbox.SandboxCluster;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.AbstractPropertySourceLoader;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the functions or the reconciler the way their own entry points would, in this one test JVM where both
 * modules are on the classpath: each gets the {@code application.yml} of its own module (the classpath holds two,
 * and Micronaut would read whichever comes first), plus the properties of the test.
 */
final class Apps {

    static final Class<?> FUNCTIONS = dev.deckhand.api.Application.class;
    static final Class<?> RECONCILER = dev.deckhand.reconciler.ReconcilerApplication.class;

    private Apps() {
    }

    /** The application.yml packaged with the module holding {@code anchor}. */
    static PropertySource moduleConfig(Class<?> anchor) {
        URL location = anchor.getProtectionDomain().getCodeSource().getLocation();
        URL yml;
        try {
            yml = location.getPath().endsWith(".jar")
                    ? new URL("jar:" + location + "!/application.yml")
                    : new URL(location, "application.yml");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = yml.openStream()) {
            Map<String, Object> values = new YamlPropertySourceLoader().read(anchor.getSimpleName(), in);
            return PropertySource.of(anchor.getSimpleName() + " " + yml, values, AbstractPropertySourceLoader.DEFAULT_POSITION);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yml, e);
        }
    }

    /**
     * A context of the module of {@code anchor}: its application.yml, then {@code environment} read as environment
     * variables (as a pod's or a function's env would be), then {@code properties}, each overriding the one before.
     */
    static ApplicationContext context(Class<?> anchor, Map<String, String> environment, Map<String, Object> properties) {
        Map<String, Object> env = new LinkedHashMap<>(environment);
        return ApplicationContext.builder()
                .deduceEnvironment(false)
                .banner(false)
                .enableDefaultPropertySources(false)
                .propertySources(
                        moduleConfig(anchor),
                        PropertySource.of("descriptor env", env, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE),
                        PropertySource.of("descriptor test", new HashMap<>(properties), 1000))
                .start();
    }

    /** The functions with their HTTP server started on a free port. */
    /** The shared secret the scenarios' functions accept tokens of, and an admin token signed with it. */
    static final String JWT_SECRET = "descriptors-scenario-secret-0123456789abcdef";
    static final String ADMIN_TOKEN = dev.deckhand.auth.SharedSecretTokens.sign(JWT_SECRET, "descriptors-scenario",
            java.util.List.of(dev.deckhand.auth.Roles.ADMIN), Map.of(), java.time.Duration.ofHours(2));

    static ApplicationContext functionsServer(Map<String, String> environment, Map<String, Object> properties) {
        Map<String, Object> withPort = new HashMap<>(properties);
        withPort.put("micronaut.server.port", -1);
        withPort.putIfAbsent("deckhand.auth.jwt-secret", JWT_SECRET);
        ApplicationContext context = context(FUNCTIONS, environment, withPort);
        try {
            context.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return context;
    }

    static String url(ApplicationContext functions) {
        return functions.getBean(EmbeddedServer.class).getURL().toString().replaceAll("/$", "");
    }

    /** How the code reaches the sandbox, as in the modules' own tests, with the agents in {@code namespace}. */
    static Map<String, Object> onSandbox(SandboxCluster cluster, String namespace) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("kubernetes.client.kube-config-path", cluster.kubeconfigPath().toString());
        properties.put("kubernetes.client.namespace", namespace);
        properties.put("deckhand.agent.namespace", namespace);
        properties.put("deckhand.agent.url-template", cluster.agentUrlTemplate());
        return properties;
    }

    /** A kubeconfig whose API server is a closed port. */
    static Map<String, Object> onDeadCluster() {
        return Map.of("kubernetes.client.kube-config-path", SandboxCluster.unreachableKubeconfig().toString());
    }
}
