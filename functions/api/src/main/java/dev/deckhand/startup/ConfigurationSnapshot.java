package dev.deckhand.startup;

import io.micronaut.context.env.ConstantPropertySources;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.file.DefaultFileSystemResourceLoader;
import io.micronaut.core.optim.StaticOptimizations;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code application.yml}, read at build time and handed to Micronaut at start-up as a constant property source
 * (the {@link ConstantPropertySources} hook micronaut-aot's YAML-to-Java step uses), instead of being read at every
 * start from the class path.
 *
 * <p>Why: Micronaut reads a class path resource that lives in a jar through a zip file system of the whole jar,
 * opened for the read and closed after it; for the shaded jar (~37,000 entries) that, and the YAML parse, were
 * 10-15% of a cold start's main thread, plus the second core's time. The build step ({@link #main}) parses the file
 * with Micronaut's own YAML loader, writes the result into the jar as {@value #SNAPSHOT} (plain Java serialisation of
 * the loader's map: strings, numbers, booleans, lists and maps) and removes {@code application.yml} from the jar, so
 * nothing reads it twice. {@code ${...}} placeholders stay as written and are resolved at run time, as before; the
 * property source keeps the name, order and origin the loader gives it, so environment variables, system properties
 * and {@code micronaut.config.files} override it exactly as they override the file.
 *
 * <pre>java -cp CLASSPATH dev.deckhand.startup.ConfigurationSnapshot target/classes target/deckhand-functions.jar</pre>
 *
 * <p>Where there is no snapshot (tests, an exploded class path, Jib's layout) the class path's {@code application.yml}
 * is read as usual and this adds nothing.
 */
public final class ConfigurationSnapshot implements StaticOptimizations.Loader<ConstantPropertySources> {

    static final String SNAPSHOT = "META-INF/deckhand/application.config";
    private static final String NAME = "application";
    private static final String FILE = NAME + ".yml";
    private static final ObjectInputFilter ONLY_PLAIN_DATA = ObjectInputFilter.Config.createFilter(
            "maxdepth=32;java.lang.*;java.util.*;java.math.*;!*");

    @Override
    public ConstantPropertySources load() {
        try (InputStream in = ConfigurationSnapshot.class.getClassLoader().getResourceAsStream(SNAPSHOT)) {
            return new ConstantPropertySources(in == null ? List.of() : List.of(read(in)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration snapshot " + SNAPSHOT, e);
        }
    }

    static PropertySource read(InputStream in) throws IOException {
        ObjectInputStream objects = new ObjectInputStream(in);
        objects.setObjectInputFilter(ONLY_PLAIN_DATA);
        String name = objects.readUTF();
        String origin = objects.readUTF();
        int order = objects.readInt();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) objects.readObject();
            return PropertySource.of(name, values, PropertySource.Origin.of(origin), order);
        } catch (ClassNotFoundException e) {
            throw new IOException("the configuration snapshot holds a type it may not: " + e.getMessage(), e);
        }
    }

    /** The snapshot of {@code application.yml} in {@code directory}, as Micronaut's YAML loader reads it. */
    static byte[] write(Path directory) throws IOException {
        PropertySource source = new YamlPropertySourceLoader().load(NAME, new DefaultFileSystemResourceLoader(directory))
                .orElseThrow(() -> new IOException("no " + FILE + " in " + directory));
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : source) {
            values.put(key, source.get(key));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
            objects.writeUTF(source.getName());
            objects.writeUTF(source.getOrigin().location());
            objects.writeInt(source.getOrder());
            objects.writeObject(values);
        }
        return bytes.toByteArray();
    }

    /** Build step: {@code main(classesDirectory, jar)}. */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        Path jar = Path.of(args[1]).toAbsolutePath();
        byte[] snapshot = write(classes);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Path file = zip.getPath(SNAPSHOT);
            Files.createDirectories(file.getParent());
            Files.write(file, snapshot);
            Files.delete(zip.getPath(FILE));
        }
        System.out.println("configuration snapshot: " + FILE + " (" + Files.size(classes.resolve(FILE)) + " bytes) as " + SNAPSHOT + " (" + snapshot.length + " bytes), in " + jar);
    }
}
