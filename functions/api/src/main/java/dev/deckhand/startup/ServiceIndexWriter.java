package dev.deckhand.startup;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Build step: writes into a shaded jar the index of its Micronaut services that {@link ServiceIndexLoader} reads at
 * start-up, {@value ServiceIndexLoader#INDEX}. One line per implementation, {@code SERVICE-TYPE<TAB>CLASS}, from both
 * kinds of service declaration Micronaut reads: the entries {@code META-INF/micronaut/TYPE/CLASS} (bean definitions,
 * introspections, context configurers) and the lines of the files {@code META-INF/services/TYPE}.
 *
 * <pre>java -cp target/classes dev.deckhand.startup.ServiceIndexWriter target/deckhand-functions.jar</pre>
 *
 * <p>One kind of service is left out: micronaut-kubernetes-client's factories of the official client's API groups
 * other than {@link #KUBERNETES_API_GROUPS}, the ones Deckhand's beans inject (KubernetesApiGroupsTest keeps the two in
 * step). It brings factories for each of the client's 51 groups; the 46 Deckhand does not use are 92 bean definitions, which each
 * cold start would otherwise load, create and test at every look-up by type: about a tenth of the time to the first
 * answer. Where the index is not used (an exploded class path) they are there as usual, and unused.
 *
 * <p>Nor does it list bean definitions this jar can never use, as micronaut-aot's service loading leaves them out: a
 * definition whose class cannot be loaded for a class the jar lacks (Micronaut skips it), or whose
 * {@code @Requires(classes = ...)} names one (Micronaut disables it). Micronaut would learn it again at every cold start,
 * by failed class loads: about 280 exceptions thrown and caught before the first answer. The classes they lack are
 * written into the index too ({@value ServiceIndexLoader#MISSING}), and the index is not used where a later class path
 * entry holds one of them.
 *
 * <p>A bean introspection's line names, after a second tab, the class it introspects (its reference's
 * {@code getName()}): Micronaut reads every introspection reference the first time it looks one up, only to map them
 * by that name, and {@link LazyIntrospectionReference} answers it without loading the introspection.
 *
 * <p>With the index it compiles {@value ServiceIndexLoader#FACTORY}, which creates the listed implementations with
 * {@code new} (those public, top-level and with a public no-argument constructor): a method handle per class cost the
 * start-up more than the plain {@code new} (12 ms of the main thread for the ~620 bean definitions), as micronaut-aot's
 * generated service loaders avoid too.
 *
 * Uses nothing but the JDK, so that it runs from the module's classes without the jar it rewrites on its class path.
 */
public final class ServiceIndexWriter {

    /** The official client's API groups whose micronaut-kubernetes-client factories the index keeps. */
    public static final Set<String> KUBERNETES_API_GROUPS = Set.of(
            "AppsV1Api", "BatchV1Api", "CoreV1Api", "CustomObjectsApi", "StorageV1Api");

    private static final String BEAN_DEFINITIONS = "io.micronaut.inject.BeanDefinitionReference";
    static final String INTROSPECTIONS = "io.micronaut.core.beans.BeanIntrospectionReference";
    private static final Pattern API_GROUP_FACTORY =
            Pattern.compile("io\\.micronaut\\.kubernetes\\.client\\.\\$([A-Za-z0-9]+Api)Factory(\\$Build\\d+)?\\$Definition");
    private static final String MICRONAUT = "META-INF/micronaut/";
    private static final String SERVICES = "META-INF/services/";

    private ServiceIndexWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Map<String, Set<String>> services = read(jar);
        Set<String> definitions = services.get(BEAN_DEFINITIONS);
        Map<String, String> unusable = Map.of();
        if (definitions != null) {
            definitions.removeIf(ServiceIndexWriter::unusedApiGroupFactory);
            unusable = unusableDefinitions(jar, definitions);
            definitions.removeAll(unusable.keySet());
        }
        StringBuilder index = new StringBuilder();
        for (String missing : new TreeSet<>(unusable.values())) {
            index.append(ServiceIndexLoader.MISSING).append('\t').append(missing).append('\n');
        }
        Map<String, String> introspected = introspectedTypes(jar, services.getOrDefault(INTROSPECTIONS, Set.of()));
        int implementations = 0;
        for (Map.Entry<String, Set<String>> service : services.entrySet()) {
            for (String implementation : service.getValue()) {
                index.append(service.getKey()).append('\t').append(implementation);
                String type = service.getKey().equals(INTROSPECTIONS) ? introspected.get(implementation) : null;
                if (type != null) {
                    index.append('\t').append(type);
                }
                index.append('\n');
                implementations++;
            }
        }
        Map<String, Set<String>> created = new LinkedHashMap<>(services);
        created.remove(INTROSPECTIONS);
        Set<String> constructible = constructible(jar, created);
        byte[] factory = compileFactory(jar, constructible);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path file = zip.getPath(ServiceIndexLoader.INDEX);
            Files.createDirectories(file.getParent());
            Files.writeString(file, index, StandardCharsets.UTF_8);
            Path factoryClass = zip.getPath(ServiceIndexLoader.FACTORY.replace('.', '/') + ".class");
            Files.createDirectories(factoryClass.getParent());
            Files.write(factoryClass, factory);
        }
        System.out.println("service index: " + services.size() + " service types, " + implementations + " implementations ("
                + introspected.size() + " introspections named, " + constructible.size() + " created with new), in " + jar
                + "; left out " + unusable.size() + " bean definitions for classes the jar lacks: " + new TreeSet<>(unusable.values()));
    }

    /**
     * The bean definitions (and the class each lacks) that cannot be used with the jar's classes alone: loaded and
     * created as Micronaut does, in a class loader of the jar over the JDK's, and their {@code @Requires(classes)}
     * looked up in it. Only a missing class counts; anything else the definition does is left to the start-up.
     */
    static Map<String, String> unusableDefinitions(Path jar, Set<String> definitions) throws IOException {
        return inJar(jar, "bean definitions", loader -> {
            Map<String, String> unusable = new TreeMap<>();
            Class<? extends Annotation> requires = loader.loadClass("io.micronaut.context.annotation.Requires").asSubclass(Annotation.class);
            Method metadata = loader.loadClass("io.micronaut.core.annotation.AnnotationMetadataProvider").getMethod("getAnnotationMetadata");
            Method valuesByType = loader.loadClass("io.micronaut.core.annotation.AnnotationMetadata").getMethod("getAnnotationValuesByType", Class.class);
            Method stringValues = loader.loadClass("io.micronaut.core.annotation.AnnotationValue").getMethod("stringValues", String.class);
            for (String definition : definitions) {
                String missing;
                try {
                    missing = missingRequiredClass(loader, requires, metadata.invoke(loader.loadClass(definition).getConstructor().newInstance()),
                            valuesByType, stringValues);
                } catch (ClassNotFoundException | LinkageError e) {
                    missing = missingClass(loader, e);
                } catch (InvocationTargetException e) {
                    missing = missingClass(loader, e.getCause());
                }
                if (missing != null) {
                    unusable.put(definition, missing);
                }
            }
            return unusable;
        });
    }

    /**
     * The class each introspection reference introspects, read from the reference as Micronaut would create it, in a
     * class loader of the jar; one that cannot be created is left out (its line gets no name, and the start-up tries it
     * as before).
     */
    static Map<String, String> introspectedTypes(Path jar, Set<String> references) throws IOException {
        return inJar(jar, "introspections", loader -> {
            Map<String, String> types = new TreeMap<>();
            Method name = loader.loadClass("io.micronaut.core.naming.Named").getMethod("getName");
            for (String reference : references) {
                try {
                    types.put(reference, (String) name.invoke(loader.loadClass(reference).getConstructor().newInstance()));
                } catch (ReflectiveOperationException | LinkageError e) {
                    // left to the start-up, which skips it as the scan would
                }
            }
            return types;
        });
    }

    @FunctionalInterface
    interface JarWork<T> {
        T run(URLClassLoader loader) throws ReflectiveOperationException;
    }

    /**
     * Work with the jar's classes as Micronaut meets them: in a class loader of the jar over the JDK's, which is also
     * the context class loader meanwhile (Micronaut finds its own services, StaticOptimizations' loaders, through it).
     */
    private static <T> T inJar(Path jar, String what, JarWork<T> work) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(loader);
            return work.run(loader);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the jar's " + what + " with Micronaut's own classes: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The implementations (introspections aside: {@link LazyIntrospectionReference} makes them) a class outside their
     * packages can create with {@code new}: loadable, public, top-level,
     * not abstract, with a public no-argument constructor.
     */
    static Set<String> constructible(Path jar, Map<String, Set<String>> services) throws IOException {
        return inJar(jar, "service implementations", loader -> {
            Set<String> names = new TreeSet<>();
            for (Set<String> implementations : services.values()) {
                for (String name : implementations) {
                    try {
                        Class<?> type = Class.forName(name, false, loader);
                        if (Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers())
                                && type.getEnclosingClass() == null && Modifier.isPublic(type.getConstructor().getModifiers())) {
                            names.add(name);
                        }
                    } catch (ReflectiveOperationException | LinkageError e) {
                        // created (or skipped) as before, by the loader's own means
                    }
                }
            }
            return names;
        });
    }

    /** {@value ServiceIndexLoader#FACTORY}'s class file, compiled by the JDK's compiler against the jar. */
    static byte[] compileFactory(Path jar, Set<String> constructible) throws IOException {
        String simpleName = ServiceIndexLoader.FACTORY.substring(ServiceIndexLoader.FACTORY.lastIndexOf('.') + 1);
        StringBuilder source = new StringBuilder()
                .append("package ").append(ServiceIndexLoader.FACTORY, 0, ServiceIndexLoader.FACTORY.lastIndexOf('.')).append(";\n\n")
                .append("/** Written by ServiceIndexWriter at build time: the service index's implementations, created with new. */\n")
                .append("public final class ").append(simpleName).append(" implements java.util.function.Function<String, Object> {\n")
                .append("    @Override\n    public Object apply(String name) {\n        switch (name) {\n");
        for (String name : constructible) {
            source.append("            case \"").append(name).append("\": return new ").append(name).append("();\n");
        }
        source.append("            default: return null;\n        }\n    }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the service index's factory needs a JDK's compiler; this is a JRE: " + System.getProperty("java.home"));
        }
        Path dir = Files.createTempDirectory("service-factory");
        try {
            Path file = dir.resolve(simpleName + ".java");
            Files.writeString(file, source, StandardCharsets.UTF_8);
            int status = javac.run(null, null, null, "--release", "17", "-nowarn", "-classpath", jar.toString(),
                    "-d", dir.toString(), file.toString());
            if (status != 0) {
                throw new IllegalStateException("could not compile the service index's factory (" + constructible.size() + " classes)");
            }
            return Files.readAllBytes(dir.resolve(ServiceIndexLoader.FACTORY.replace('.', '/') + ".class"));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String missingRequiredClass(ClassLoader loader, Class<? extends Annotation> requires, Object metadata,
                                               Method valuesByType, Method stringValues) throws ReflectiveOperationException {
        for (Object required : (Iterable<?>) valuesByType.invoke(metadata, requires)) {
            for (String name : (String[]) stringValues.invoke(required, "classes")) {
                try {
                    Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    if (!jdkClass(name)) {
                        return name;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The class a failed load names (NoClassDefFoundError: a/b/C; ClassNotFoundException: a.b.C), as a.b.C, if the
     * jar (with the JDK) really lacks it; null for any other failure, which is left to the start-up to report.
     */
    private static String missingClass(ClassLoader loader, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if ((cause instanceof NoClassDefFoundError || cause instanceof ClassNotFoundException) && cause.getMessage() != null) {
                String name = cause.getMessage().trim().replace('/', '.');
                if (name.matches("[\\w.$]+") && !jdkClass(name) && loader.getResource(name.replace('.', '/') + ".class") == null) {
                    return name;
                }
            }
        }
        return null;
    }

    /** The JDK that runs the jar may be newer than the build's, and have it. */
    private static boolean jdkClass(String name) {
        return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    /** A micronaut-kubernetes-client factory of an API group Deckhand does not inject. */
    static boolean unusedApiGroupFactory(String definition) {
        Matcher factory = API_GROUP_FACTORY.matcher(definition);
        return factory.matches() && !KUBERNETES_API_GROUPS.contains(factory.group(1));
    }

    static Map<String, Set<String>> read(Path jar) throws IOException {
        Map<String, Set<String>> services = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.startsWith(MICRONAUT)) {
                    String rest = name.substring(MICRONAUT.length());
                    int slash = rest.indexOf('/');
                    if (slash > 0 && rest.indexOf('/', slash + 1) < 0) {
                        services.computeIfAbsent(rest.substring(0, slash), type -> new LinkedHashSet<>()).add(rest.substring(slash + 1));
                    }
                } else if (name.startsWith(SERVICES) && name.indexOf('/', SERVICES.length()) < 0) {
                    Set<String> implementations = services.computeIfAbsent(name.substring(SERVICES.length()), type -> new LinkedHashSet<>());
                    try (InputStream in = zip.getInputStream(entry)) {
                        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                            int comment = line.indexOf('#');
                            String implementation = (comment >= 0 ? line.substring(0, comment) : line).trim();
                            if (!implementation.isEmpty()) {
                                implementations.add(implementation);
                            }
                        }
                    }
                }
            }
        }
        return services;
    }
}
