package dev.deckhand.startup;

import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.optim.StaticOptimizations;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Micronaut's service look-ups from an index written into the shaded jar at build time ({@link ServiceIndexWriter})
 * instead of a scan of the jar. Micronaut finds its bean definitions and other services by listing the directory
 * {@code META-INF/micronaut/} of every class path entry; in a jar that means opening it as a zip file system, which
 * indexes all of its ~37,000 entries in Java code: 0.1-0.5 s of a cold start, the largest part of creating the
 * context. This is the same hook micronaut-aot's service-loading optimisation uses ({@link StaticOptimizations},
 * found through {@code META-INF/services}); the index holds exactly what the scan would find, and services are
 * instantiated as the scan's loaders do.
 *
 * <p>Used only when the class path is the jar that holds the index, i.e. {@code java -jar deckhand-functions.jar}
 * or {@code -cp deckhand-functions.jar}, optionally followed by directories or jars without services; anywhere else (tests,
 * an IDE, an exploded layout) it steps aside and Micronaut scans as usual. Off with {@code -Ddeckhand.startup.service-index=false}.
 */
public final class ServiceIndexLoader implements StaticOptimizations.Loader<SoftServiceLoader.Optimizations> {

    static final String INDEX = "META-INF/deckhand/services.index";

    /**
     * The class the index writer compiles into the jar beside the index: a {@code Function<String, Object>} that
     * creates an implementation with {@code new}, or answers null for one it does not know.
     */
    static final String FACTORY = "dev.deckhand.startup.generated.IndexedServiceFactory";

    /**
     * The index's lines of this pseudo service type name the classes it left bean definitions out for
     * ({@link ServiceIndexWriter}); a class path entry after the jar that holds one of them would make them usable.
     */
    static final String MISSING = "-missing";

    @Override
    public SoftServiceLoader.Optimizations load() {
        Map<String, List<String>> services = "false".equalsIgnoreCase(System.getProperty("deckhand.startup.service-index")) ? null : read();
        return new SoftServiceLoader.Optimizations(services == null ? Map.of() : new IndexedServices(services));
    }

    /**
     * The index, when the class path is the jar it is in, optionally followed by directories or jars that hold no
     * services and none of the classes whose absence the index relies on ({@link #addsNothing}, such as a launcher
     * class): the scan
     * would find exactly what the index holds. Null otherwise.
     */
    static Map<String, List<String>> read() {
        ClassLoader classLoader = ServiceIndexLoader.class.getClassLoader();
        URL index = classLoader.getResource(INDEX);
        String classPath = System.getProperty("java.class.path", "");
        if (index == null || !index.getProtocol().equals("jar") || classPath.isEmpty()) {
            return null;
        }
        try {
            String file = index.getPath().substring(0, index.getPath().indexOf("!/"));
            String[] entries = classPath.split(java.io.File.pathSeparator);
            if (!Path.of(new URL(file).toURI()).toRealPath().equals(Path.of(entries[0]).toRealPath())) {
                return null;
            }
            Map<String, List<String>> services = new LinkedHashMap<>();
            try (InputStream in = index.openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        services.computeIfAbsent(line.substring(0, tab), type -> new ArrayList<>()).add(line.substring(tab + 1));
                    }
                }
            }
            List<String> missing = services.remove(MISSING);
            missing = missing == null ? List.of() : missing;
            for (int i = 1; i < entries.length; i++) {
                if (!addsNothing(Path.of(entries[i]), missing)) {
                    return null;
                }
            }
            return services;
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return null;
        }
    }

    /**
     * Whether a class path entry after the jar leaves the index as a scan would find it: a directory or a jar without
     * {@code META-INF/micronaut/} and {@code META-INF/services/} (a launcher, say; a JDK's AOT cache can be made for
     * a class path of jars only) and without any of the {@code missing} classes the index left definitions out for.
     */
    static boolean addsNothing(Path entry, List<String> missing) throws IOException {
        List<String> missingFiles = missing.stream().map(name -> name.replace('.', '/') + ".class").toList();
        if (Files.isDirectory(entry)) {
            return !Files.exists(entry.resolve("META-INF/micronaut")) && !Files.exists(entry.resolve("META-INF/services"))
                    && missingFiles.stream().noneMatch(file -> Files.exists(entry.resolve(file)));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            return jar.stream().map(ZipEntry::getName).noneMatch(name -> name.startsWith("META-INF/micronaut/")
                    || name.startsWith("META-INF/services/") || missingFiles.contains(name));
        }
    }

    /**
     * Every service type's implementations from the index; a type the index does not name has none, as the scan of
     * the same jar would find none.
     */
    static final class IndexedServices extends AbstractMap<String, SoftServiceLoader.StaticServiceLoader<?>> {

        private final Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders = new HashMap<>();

        IndexedServices(Map<String, List<String>> services) {
            services.forEach((type, implementations) -> loaders.put(type, new IndexedLoader<>(implementations)));
        }

        @Override
        public SoftServiceLoader.StaticServiceLoader<?> get(Object type) {
            return loaders.getOrDefault(type, IndexedLoader.NONE);
        }

        @Override
        public boolean containsKey(Object type) {
            return true;
        }

        @Override
        public Set<Entry<String, SoftServiceLoader.StaticServiceLoader<?>>> entrySet() {
            return loaders.entrySet();
        }
    }

    /**
     * The implementations of one service type, created as Micronaut's scanning loaders create them: a class that is
     * missing, or has no public no-argument constructor, is skipped; any other failure fails the look-up.
     */
    static final class IndexedLoader<S> implements SoftServiceLoader.StaticServiceLoader<S> {

        static final IndexedLoader<Object> NONE = new IndexedLoader<>(List.of());
        private static final MethodType NO_ARGUMENTS = MethodType.methodType(void.class);

        private final List<String> implementations;

        IndexedLoader(List<String> implementations) {
            this.implementations = implementations;
        }

        @Override
        public Stream<SoftServiceLoader.StaticDefinition<S>> findAll(Predicate<String> condition) {
            return implementations.stream()
                    .filter(entry -> condition == null || condition.test(className(entry)))
                    .filter(entry -> present(className(entry)))
                    .map(entry -> SoftServiceLoader.StaticDefinition.of(className(entry), () -> create(entry)));
        }

        @Override
        public List<S> load(Predicate<String> condition, Predicate<S> predicate) {
            List<S> services = new ArrayList<>(implementations.size());
            for (String entry : implementations) {
                if (condition == null || condition.test(className(entry))) {
                    S service = create(entry);
                    if (service != null && (predicate == null || predicate.test(service))) {
                        services.add(service);
                    }
                }
            }
            return services;
        }

        /** An index entry's implementation class: the entry up to a tab, if it has one. */
        private static String className(String entry) {
            int tab = entry.indexOf('\t');
            return tab < 0 ? entry : entry.substring(0, tab);
        }

        /**
         * Null when the class or its public no-argument constructor is missing: the scan skips those too. An entry that
         * names the class an introspection introspects ({@link ServiceIndexWriter}) gets a reference that loads the
         * introspection when first asked for more than that name.
         */
        @SuppressWarnings("unchecked")
        private S create(String entry) {
            int tab = entry.indexOf('\t');
            if (tab > 0) {
                return (S) new LazyIntrospectionReference(entry.substring(0, tab), entry.substring(tab + 1));
            }
            String name = entry;
            try {
                Object made = Generated.FACTORY.apply(name);
                if (made != null) {
                    return (S) made;
                }
                Class<?> type = Class.forName(name, false, ServiceIndexLoader.class.getClassLoader());
                return (S) MethodHandles.publicLookup().findConstructor(type, NO_ARGUMENTS).invoke();
            } catch (NoClassDefFoundError | ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
                return null;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot create service " + name, e);
            }
        }
    }

    /** The writer's factory ({@link #FACTORY}); one that knows nothing where the jar has none. */
    private static final class Generated {
        static final Function<String, Object> FACTORY = load();

        @SuppressWarnings("unchecked")
        private static Function<String, Object> load() {
            try {
                return (Function<String, Object>) Class.forName(ServiceIndexLoader.FACTORY, true, ServiceIndexLoader.class.getClassLoader())
                        .getConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return name -> null;
            }
        }
    }

    static boolean present(String name) {
        try {
            Class.forName(name, false, ServiceIndexLoader.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
